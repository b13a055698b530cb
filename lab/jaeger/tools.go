//go:build tools

package labjaeger

import _ "github.com/jaegertracing/jaeger/cmd/jaeger"
