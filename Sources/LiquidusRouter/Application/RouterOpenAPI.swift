/// The router's OpenAPI 3.1 description (`GET /openapi.json`): its own endpoints and how it
/// carries the service's (whose bodies and errors are the shards', described in their own
/// `/openapi.json`).
enum RouterOpenAPI {
    static let document = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "Liquidus router",
        "version": "1",
        "description": "One address in front of the shards of a Liquidus service (`liquidus route`). Accounts are split over K shards by the shard map (FNV-1a 64 of the id's UTF-8 bytes, then the jump consistent hash); every shard takes the market data. The router sends an account's requests to its shard, sends each market-wide write to every shard one at a time in one order with one `Idempotency-Key` (the client's, or a new one), keeps the writes a shard missed in an ordered outbox and delivers them before anything newer reaches that shard, and merges `GET /v1/state`. It forwards `Authorization` unchanged: the shards check it, and the router's own endpoints (`/metrics`, `/v1/shards`, a stream's redirect) ask a shard to check it first. Bodies and the shards' errors are described in a shard's `/openapi.json`. The router's own errors are `{\"error\": {\"code\", \"path\", \"message\"}}`: 503 `shardUnavailable` (no member of the shard answered within the timeout), `shardCatchingUp` (an account write while its shard has market data to catch up on), `shardOutOfStep` (its shard's outbox overflowed), `routerBusy`, `noShardReachable`; 400 `shardRequired`; 404 `unknownShard`."
      },
      "paths": {
        "/healthz": {"get": {"summary": "The router is up; each shard's reachability (its own /healthz), standing and outbox depth. Always 200 while the router runs: `status` is `ok` when every shard answers, else `degraded`.", "responses": {"200": {"description": "`{\"status\", \"shards\": [{\"shard\", \"members\", \"member\", \"standing\", \"outboxDepth\", \"reachable\"}]}`"}}}},
        "/openapi.json": {"get": {"summary": "This document.", "responses": {"200": {"description": "OpenAPI 3.1"}}}},
        "/metrics": {"get": {"summary": "The router's Prometheus metrics (requests per shard, broadcast latency, outbox depth); a token a shard accepts.", "responses": {"200": {"description": "Prometheus text"}, "401": {"description": "No or an unknown token"}}}},
        "/v1/shards": {"get": {"summary": "The shards: members, the member tried first, standing (inStep, catchingUp, outOfStep), outbox depth; a token a shard accepts.", "responses": {"200": {"description": "`{\"shardCount\", \"shards\": [...]}`"}}}},
        "/v1/accounts/{id}": {
          "get": {"summary": "The account, from its shard.", "responses": {"200": {"description": "The shard's answer"}, "503": {"description": "shardUnavailable"}}},
          "put": {"summary": "Replaces the account at its shard (a key is added when the client sent none, so that a retry on another member is never applied twice).", "responses": {"200": {"description": "The shard's answer"}, "503": {"description": "shardUnavailable, shardCatchingUp, shardOutOfStep"}}}
        },
        "/v1/markets": {"post": {"summary": "Market-wide write: to every shard.", "responses": {"default": {"$ref": "#/components/responses/Broadcast"}}}},
        "/v1/marks": {"post": {"summary": "Market-wide write: to every shard.", "responses": {"default": {"$ref": "#/components/responses/Broadcast"}}}},
        "/v1/books/{symbol}": {"post": {"summary": "Market-wide write: to every shard.", "responses": {"default": {"$ref": "#/components/responses/Broadcast"}}}},
        "/v1/state": {"get": {"summary": "Every shard's state, merged: `accounts` and the money buckets each shard holds alone (`money.wallets`, `isolatedMargins`, `outsideMarket`, `unrecoveredLoss`, `externalNet`, `sharedFundTransfers`, `initialInsuranceFund`) summed exactly over the shards that answered; the insurance fund is not summed (shards may share one); when every shard answered, `conservation` checks money across the shards (`fund` shared or separate, `held`, `owed`, `balanced`); each shard's own answer in `shards`.", "responses": {"200": {"description": "`{\"shardCount\", \"answered\", \"complete\", \"accounts\", \"money\", \"conservation\", \"shards\": [{\"shard\", \"status\", \"state\" | \"body\" | \"reason\"}]}`"}}}},
        "/v1/shards/{shard}/stream": {"get": {"summary": "307 to the WebSocket stream of the shard's member (`ws://…/v1/stream`, query kept): the router does not carry WebSockets.", "responses": {"307": {"description": "Location: the member's stream"}}}},
        "/v1/shards/{shard}/{path}": {"get": {"summary": "GET /v1/{path} at one shard, query kept: `events`, `state`, `cluster`, `accounts/{id}`.", "responses": {"200": {"description": "The shard's answer"}, "404": {"description": "unknownShard"}}}},
        "/v1/events": {"get": {"summary": "400 shardRequired: each shard has its own events (`/v1/shards/{shard}/events`).", "responses": {"400": {"description": "shardRequired"}}}},
        "/v1/stream": {"get": {"summary": "400 shardRequired: each shard has its own stream (`/v1/shards/{shard}/stream`).", "responses": {"400": {"description": "shardRequired"}}}}
      },
      "components": {
        "responses": {
          "Broadcast": {"description": "`{\"idempotencyKey\", \"shards\": [{\"shard\", \"outcome\": \"applied\" | \"refused\" | \"queued\" | \"notDelivered\", \"status\", \"body\", \"reason\", \"outboxDepth\"}]}` (plus the shards' common `error` when refused). 200: every shard took it; 202: the shards that answered took it, the others' copies are queued in their outboxes (not delivered to a shard out of step); 502 shardsDisagree: some took it, others refused it; no shard took it (nothing kept): the answering shards' common status (400, 401, …) with their error, else 503 noShardTookIt."}
        }
      }
    }
    """#
}
