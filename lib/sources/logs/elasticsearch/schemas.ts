// Wire shapes of Elasticsearch/OpenSearch `_search` and `GET /`. Only this folder sees them.
import { z } from "zod";

// hits.total is {value, relation} since ES 7 / OpenSearch 1 with track_total_hits, a bare number
// before; relation "gte" means "at least".
const total = z.union([z.number(), z.object({ value: z.number(), relation: z.enum(["eq", "gte"]) })]);

const hit = z
  .object({
    _index: z.string().optional(),
    _id: z.string().optional(),
    // _source is absent when the index disables it; such a hit has nothing to show.
    _source: z.record(z.string(), z.unknown()).optional(),
    // The sort values: for a date field, epoch ms as a number (date_nanos: also ms, may be fractional).
    sort: z.array(z.unknown()).optional(),
  })
  .loose();

// A failed shard does not fail the search: `_shards.failed` > 0 with the reasons, and the hits
// of the shards that answered.
const shards = z
  .object({
    total: z.number(),
    successful: z.number(),
    failed: z.number(),
    failures: z.array(z.unknown()).optional(),
  })
  .loose();

export const searchResponseSchema = z
  .object({
    timed_out: z.boolean().optional(),
    _shards: shards.optional(),
    hits: z.object({ total: total.optional(), hits: z.array(hit) }).loose(),
  })
  .loose();

const termsBucket = <T extends z.ZodRawShape>(sub: T) =>
  z.object({ key: z.union([z.string(), z.number()]), doc_count: z.number(), ...sub }).loose();

const countsAggs = z.object({
  services: z.object({
    buckets: z.array(
      termsBucket({
        steps: z.object({
          buckets: z.array(
            z
              .object({
                key: z.number(),
                doc_count: z.number(),
                levels: z.object({ buckets: z.array(termsBucket({})) }),
              })
              .loose(),
          ),
        }),
        // null when the service has no line with the field.
        last: z.object({ value: z.number().nullable() }).loose(),
      }),
    ),
  }),
});

export const countsResponseSchema = z
  .object({ timed_out: z.boolean().optional(), _shards: shards.optional(), aggregations: countsAggs })
  .loose();

export const messagesResponseSchema = z
  .object({
    timed_out: z.boolean().optional(),
    _shards: shards.optional(),
    aggregations: z.object({
      services: z.object({
        buckets: z.array(
          termsBucket({
            levels: z.object({
              buckets: z.array(termsBucket({ messages: z.object({ buckets: z.array(termsBucket({})) }) })),
            }),
          }),
        ),
      }),
    }),
  })
  .loose();

export const rootInfoSchema = z
  .object({
    version: z.object({ number: z.string(), distribution: z.string().optional() }).loose(),
    cluster_name: z.string().optional(),
  })
  .loose();
