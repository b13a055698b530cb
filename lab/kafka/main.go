// The lab's Kafka-protocol broker: franz-go's kfake, a one-process cluster with consumer
// groups and the offset APIs, served on loopback (no JVM, no Docker, no Debian package).
// What it does not implement: docs/lab.md ("Kafka").
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/twmb/franz-go/pkg/kfake"
)

func main() {
	port := flag.Int("port", 19092, "port the broker listens on, on 127.0.0.1 (kfake binds loopback only)")
	topics := flag.String("topics", "", "topics to create at start, comma-separated")
	partitions := flag.Int("partitions", 3, "partitions of each seeded or auto-created topic")
	dataDir := flag.String("data-dir", "", "directory to persist topics and offsets in (empty: memory only)")
	flag.Parse()

	opts := []kfake.Opt{
		kfake.NumBrokers(1),
		kfake.ClusterID("asyncscope-lab"),
		kfake.AllowAutoTopicCreation(),
		kfake.DefaultNumPartitions(*partitions),
		kfake.Ports(*port),
	}
	if *dataDir != "" {
		opts = append(opts, kfake.DataDir(*dataDir))
	}
	if *topics != "" {
		opts = append(opts, kfake.SeedTopics(int32(*partitions), strings.Split(*topics, ",")...))
	}
	cluster, err := kfake.NewCluster(opts...)
	if err != nil {
		log.Fatalf("kafka-lab: start: %v", err)
	}
	fmt.Fprintf(os.Stderr, "kafka-lab: listening on %s\n", strings.Join(cluster.ListenAddrs(), ","))

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	<-stop
	cluster.Close()
}
