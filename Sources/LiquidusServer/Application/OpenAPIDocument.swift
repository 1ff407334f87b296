import Foundation

/// The OpenAPI document of the service, served at `/openapi.json`: the bytes of `docs/openapi.json`
/// (regenerate this file with `scripts/embed-openapi.sh`; a test checks they are equal).
public enum OpenAPIDocument {
    /// The document.
    public static let bytes: [UInt8] = Array(text.utf8)
    static let text = ##"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "Liquidus service",
    "version": "1.0.0",
    "description": "The Liquidus partial-liquidation engine as a service (`liquidus serve`). Bodies follow the `liquidus check` contract: every decimal number is a JSON string in plain decimal notation, fields are camelCase, unknown fields are rejected. Every accepted input is appended durably to the command log before it is acknowledged, and reads see only committed state. The engine's state is stored as a snapshot document every `--snapshot-interval` commands; on start the latest snapshot is restored and the commands after it are replayed. Mutating endpoints need the write token, read-only endpoints the read token (or the write token). Mutating endpoints accept an `Idempotency-Key` header: a retry with the same key and body gets the first response (with `Idempotent-Replayed: true`) and is not applied twice."
  },
  "servers": [{"url": "http://127.0.0.1:8080"}],
  "security": [{"bearer": []}],
  "paths": {
    "/healthz": {
      "get": {
        "summary": "Liveness",
        "security": [],
        "responses": {"200": {"description": "The server is up.", "content": {"application/json": {"schema": {"type": "object", "properties": {"status": {"const": "ok"}}}}}}}
      }
    },
    "/openapi.json": {
      "get": {
        "summary": "This document",
        "security": [],
        "responses": {"200": {"description": "The OpenAPI document.", "content": {"application/json": {}}}}
      }
    },
    "/metrics": {
      "get": {
        "summary": "Prometheus metrics (read token)",
        "description": "liquidus_ticks_processed_total, liquidus_commands_total, liquidus_liquidations_total{step}, liquidus_insurance_fund, liquidus_tick_latency_seconds, liquidus_store_append_seconds, liquidus_group_commit_requests, liquidus_requests_rejected_total{reason}.",
        "responses": {
          "200": {"description": "Prometheus text exposition.", "content": {"text/plain": {}}},
          "401": {"$ref": "#/components/responses/Unauthorized"}
        }
      }
    },
    "/v1/markets": {
      "post": {
        "summary": "Register markets (write token)",
        "description": "Each market exactly as in the check contract's `markets`; a market with a registered symbol replaces it (every account must stay valid).",
        "parameters": [{"$ref": "#/components/parameters/IdempotencyKey"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {
          "type": "object", "additionalProperties": false, "required": ["markets"],
          "properties": {"markets": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/Market"}}, "time": {"$ref": "#/components/schemas/Time"}}
        }}}},
        "responses": {"200": {"$ref": "#/components/responses/Applied"}, "400": {"$ref": "#/components/responses/Invalid"}, "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "413": {"$ref": "#/components/responses/TooLarge"}, "422": {"$ref": "#/components/responses/KeyReused"}, "503": {"$ref": "#/components/responses/Unavailable"}}
      }
    },
    "/v1/accounts/{id}": {
      "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string", "minLength": 1, "maxLength": 128}}],
      "put": {
        "summary": "Upsert an account (write token)",
        "description": "The account as the exchange's ledger has it, in the check contract's `accounts[i]` form: one `setAccount` input that sets it exactly as given (opening it when new) — positions with their entry prices (on the tick or not), chosen leverages and isolated margins, the wallet, the open orders, another margin mode. Every account that `liquidus check` accepts is accepted (errors are check's, with paths relative to the body); beyond check, an account without positions must have a wallet of at least 0. The change in collateral (`walletBalance` + the isolated margins) is booked as external flow, like a deposit or withdrawal; the account's liquidation history is kept, and it is re-checked at once (the response carries any liquidation). A body equal to the engine's account applies nothing (`commands` 0).",
        "parameters": [{"$ref": "#/components/parameters/IdempotencyKey"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AccountInput"}}}},
        "responses": {"200": {"$ref": "#/components/responses/Applied"}, "400": {"$ref": "#/components/responses/Invalid"}, "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "413": {"$ref": "#/components/responses/TooLarge"}, "422": {"$ref": "#/components/responses/KeyReused"}, "503": {"$ref": "#/components/responses/Unavailable"}}
      },
      "get": {
        "summary": "The check view of one account (read token)",
        "description": "Margins, prices and the plan the engine would carry out now, in the check contract's `accounts[i]` output form.",
        "responses": {
          "200": {"description": "The account's report.", "content": {"application/json": {"schema": {"type": "object"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"$ref": "#/components/responses/Invalid"},
          "409": {"$ref": "#/components/responses/Invalid"}
        }
      }
    },
    "/v1/marks": {
      "post": {
        "summary": "Post mark prices, one tick or a batch (write token)",
        "parameters": [{"$ref": "#/components/parameters/IdempotencyKey"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"oneOf": [
          {"$ref": "#/components/schemas/Tick"},
          {"type": "object", "additionalProperties": false, "required": ["ticks"], "properties": {"ticks": {"type": "array", "minItems": 1, "maxItems": 10000, "items": {"$ref": "#/components/schemas/Tick"}}}}
        ]}}}},
        "responses": {"200": {"$ref": "#/components/responses/Applied"}, "400": {"$ref": "#/components/responses/Invalid"}, "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "413": {"$ref": "#/components/responses/TooLarge"}, "422": {"$ref": "#/components/responses/KeyReused"}, "503": {"$ref": "#/components/responses/Unavailable"}}
      }
    },
    "/v1/books/{symbol}": {
      "parameters": [{"name": "symbol", "in": "path", "required": true, "schema": {"type": "string"}}],
      "post": {
        "summary": "Post an order-book update (write token)",
        "description": "Read as the check contract's `orderBooks.SYMBOL`. The engine's expected execution price for closes in the market becomes the mid of best bid and ask, rounded down to the tick (the best level when one side is empty; an empty book returns to the mark).",
        "parameters": [{"$ref": "#/components/parameters/IdempotencyKey"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {
          "type": "object", "additionalProperties": false,
          "properties": {"bids": {"$ref": "#/components/schemas/Levels"}, "asks": {"$ref": "#/components/schemas/Levels"}, "time": {"$ref": "#/components/schemas/Time"}}
        }}}},
        "responses": {"200": {"$ref": "#/components/responses/Applied"}, "400": {"$ref": "#/components/responses/Invalid"}, "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/Invalid"}, "413": {"$ref": "#/components/responses/TooLarge"}, "422": {"$ref": "#/components/responses/KeyReused"}, "503": {"$ref": "#/components/responses/Unavailable"}}
      }
    },
    "/v1/events": {
      "get": {
        "summary": "Stored engine events after a sequence number (read token)",
        "parameters": [
          {"name": "after", "in": "query", "schema": {"type": "integer", "minimum": 0, "default": 0}},
          {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 1000}}
        ],
        "responses": {
          "200": {"description": "Events in sequence order.", "content": {"application/json": {"schema": {"type": "object", "properties": {"events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}, "lastSequence": {"type": "integer"}}}}}},
          "400": {"$ref": "#/components/responses/Invalid"},
          "401": {"$ref": "#/components/responses/Unauthorized"}
        }
      }
    },
    "/v1/state": {
      "get": {
        "summary": "Sequence numbers and state hash (read token)",
        "description": "Of the committed state (a read during a commit waits for it). The state hash is computed once per command sequence.",
        "responses": {
          "200": {"description": "The engine's state summary.", "content": {"application/json": {"schema": {"type": "object", "properties": {
            "commandSequence": {"type": "integer"}, "eventSequence": {"type": "integer"}, "stateHash": {"type": "string", "pattern": "^[0-9a-f]{16}$"},
            "time": {"type": "integer"}, "insuranceFund": {"$ref": "#/components/schemas/Decimal"}, "accounts": {"type": "integer"}, "markets": {"type": "integer"}
          }}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"}
        }
      }
    },
    "/v1/stream": {
      "get": {
        "summary": "WebSocket stream of engine events (read token)",
        "description": "Upgrade to a WebSocket. One text message per event (its JSON), in sequence order, starting after `after`: stored events first, then live ones once durable. Reconnect with the last sequence seen to miss nothing.",
        "parameters": [{"name": "after", "in": "query", "schema": {"type": "integer", "minimum": 0, "default": 0}}],
        "responses": {"101": {"description": "Switching protocols."}, "401": {"$ref": "#/components/responses/Unauthorized"}}
      }
    }
  },
  "components": {
    "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
    "parameters": {
      "IdempotencyKey": {"name": "Idempotency-Key", "in": "header", "required": false, "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"}}
    },
    "schemas": {
      "Decimal": {"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]{1,8})?$", "description": "A plain decimal string, at most 8 decimals."},
      "Time": {"type": "string", "pattern": "^[0-9]+$", "description": "Seconds, a whole-number decimal string; defaults to the server's clock; never before the engine's time."},
      "Tick": {"type": "object", "additionalProperties": false, "required": ["markPrices"], "properties": {
        "markPrices": {"type": "object", "minProperties": 1, "additionalProperties": {"$ref": "#/components/schemas/Decimal"}},
        "time": {"$ref": "#/components/schemas/Time"}
      }},
      "Levels": {"type": "array", "items": {"type": "array", "minItems": 2, "maxItems": 2, "items": {"$ref": "#/components/schemas/Decimal"}}},
      "Market": {"type": "object", "additionalProperties": false, "required": ["symbol", "tickSize", "lotSize", "riskTiers", "liquidationFeeRate", "takerFeeRate"], "properties": {
        "symbol": {"type": "string"}, "tickSize": {"$ref": "#/components/schemas/Decimal"}, "lotSize": {"$ref": "#/components/schemas/Decimal"},
        "minOrderSize": {"$ref": "#/components/schemas/Decimal"}, "liquidationFeeRate": {"$ref": "#/components/schemas/Decimal"}, "takerFeeRate": {"$ref": "#/components/schemas/Decimal"},
        "riskTiers": {"type": "array", "minItems": 1, "items": {"type": "object", "additionalProperties": false, "required": ["maintenanceMarginRate", "maintenanceAmount", "maxLeverage"], "properties": {
          "notionalCap": {"$ref": "#/components/schemas/Decimal"}, "maintenanceMarginRate": {"$ref": "#/components/schemas/Decimal"},
          "maintenanceAmount": {"$ref": "#/components/schemas/Decimal"}, "maxLeverage": {"$ref": "#/components/schemas/Decimal"}
        }}}
      }},
      "AccountInput": {"type": "object", "additionalProperties": false, "required": ["marginMode", "walletBalance"], "properties": {
        "id": {"type": "string"}, "marginMode": {"enum": ["cross", "isolated"]}, "walletBalance": {"$ref": "#/components/schemas/Decimal"},
        "positions": {"type": "array", "items": {"type": "object", "additionalProperties": false, "required": ["market", "size", "entryPrice"], "properties": {
          "market": {"type": "string"}, "size": {"$ref": "#/components/schemas/Decimal"}, "entryPrice": {"$ref": "#/components/schemas/Decimal"},
          "isolatedMargin": {"$ref": "#/components/schemas/Decimal"}, "leverage": {"$ref": "#/components/schemas/Decimal"}
        }}},
        "openOrders": {"type": "array", "items": {"type": "object", "additionalProperties": false, "required": ["market", "size", "price"], "properties": {
          "market": {"type": "string"}, "size": {"$ref": "#/components/schemas/Decimal"}, "price": {"$ref": "#/components/schemas/Decimal"}
        }}},
        "time": {"$ref": "#/components/schemas/Time"}
      }},
      "Event": {"type": "object", "required": ["sequence", "time", "type", "event"], "properties": {
        "sequence": {"type": "integer"}, "time": {"type": "integer"},
        "type": {"enum": ["liquidationTriggered", "ordersCancelled", "partialLiquidation", "positionTakenOver", "insuranceFundPaid", "autoDeleveraged", "liquidationResolved", "accountHeld", "accountReleased"]},
        "event": {"type": "object"}
      }},
      "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object", "required": ["code", "path", "message"], "properties": {
        "code": {"type": "string"}, "path": {"type": "string", "description": "The JSON path of the offending field, as `liquidus check` names it."}, "message": {"type": "string"}
      }}}}
    },
    "responses": {
      "Applied": {"description": "Logged durably and applied.", "content": {"application/json": {"schema": {"type": "object", "properties": {
        "commands": {"type": "integer"}, "lastCommand": {"type": "integer"}, "eventSequence": {"type": "integer"}, "time": {"type": "integer"},
        "events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}
      }}}}},
      "Invalid": {"description": "Invalid input: nothing was applied.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Unauthorized": {"description": "No valid bearer token.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Forbidden": {"description": "The read token on a mutating endpoint.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "TooLarge": {"description": "The body exceeds the limit.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "KeyReused": {"description": "The idempotency key was used for a different request.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Unavailable": {"description": "The store failed or the server is shutting down: nothing was applied.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    }
  }
}

"""##

}
