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
    "description": "The Liquidus partial-liquidation engine as a service (`liquidus serve`). Bodies follow the `liquidus check` contract: every decimal number is a JSON string in plain decimal notation (at most 8 decimals), fields are camelCase, unknown fields are rejected, and a key given twice in one object is rejected with its path (`duplicate`). Request bodies are JSON (`Content-Type: application/json` or none; anything else is 415), at most `--max-body-bytes` (413), and must arrive within `--body-timeout` (408). Every accepted input is appended durably to the command log before it is acknowledged, and reads see only committed state. The engine's state is stored as a snapshot document every `--snapshot-interval` commands; on start the latest snapshot is restored and the commands after it are replayed. With `--retain-commands` the history older than that behind the latest snapshot is pruned: a read of a pruned range is 410 with the first retained sequence. Mutating endpoints need the write token, read-only endpoints the read token (or the write token). Mutating endpoints accept an `Idempotency-Key` header: a retry with the same key and body gets the first response (with `Idempotent-Replayed: true`) and is not applied twice; the same key on another request is 422. A method a path does not take is 405 with `Allow`. Connections: the first request head must arrive within `--request-head-timeout` (408), a request line or header field longer than 16 KiB is 431, an unparseable request is 400, idle connections are closed after `--idle-timeout`. A store failure or timeout (`--store-timeout`) is 503 with nothing applied. Errors are `{\"error\": {\"code\", \"path\", \"message\"}}`. The schemas below state the form of each body; the engine's rules that a schema cannot state (a market's tiers in order, a position's market known and marked, a size on the lot grid, time never going back, a price within the limits, the body's `id` equal to the path's) are 400 with the path of the field. In a cluster (`--cluster`), one member leads and writes the log; the others are hot standbys that serve reads at the command they have applied and answer mutating requests with 307 to the leader's advertised address (send the request again there, with its token), or 503 `noLeader` with `Retry-After` while a leader is being chosen. A leader that has lost its lease answers 503 `notLeader` and nothing is applied. `GET /v1/cluster` says who leads."
  },
  "servers": [
    {
      "url": "http://127.0.0.1:8080"
    }
  ],
  "security": [
    {
      "bearer": []
    }
  ],
  "paths": {
    "/healthz": {
      "get": {
        "operationId": "health",
        "summary": "Liveness",
        "security": [],
        "responses": {
          "200": {
            "description": "The server is up.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "status": {
                      "const": "ok"
                    }
                  }
                }
              }
            }
          }
        }
      }
    },
    "/openapi.json": {
      "get": {
        "operationId": "openAPIDocument",
        "summary": "This document",
        "security": [],
        "responses": {
          "200": {
            "description": "The OpenAPI document.",
            "content": {
              "application/json": {}
            }
          }
        }
      }
    },
    "/metrics": {
      "get": {
        "operationId": "metrics",
        "summary": "Prometheus metrics (read token)",
        "description": "liquidus_ticks_processed_total, liquidus_commands_total, liquidus_liquidations_total{step}, liquidus_insurance_fund, liquidus_tick_latency_seconds, liquidus_store_append_seconds, liquidus_group_commit_requests, liquidus_snapshot_seconds, liquidus_requests_rejected_total{reason} (every refusal, by its code), liquidus_http_requests_total{route,method,status} and liquidus_http_request_duration_seconds{route,method,status}.",
        "responses": {
          "200": {
            "description": "Prometheus text exposition.",
            "content": {
              "text/plain": {}
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          }
        }
      }
    },
    "/v1/markets": {
      "post": {
        "operationId": "registerMarkets",
        "summary": "Register markets (write token)",
        "description": "Each market exactly as in the check contract's `markets`; a market with a registered symbol replaces it (every account must stay valid).",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "markets"
                ],
                "properties": {
                  "markets": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                      "$ref": "#/components/schemas/Market"
                    },
                    "maxItems": 1000
                  },
                  "time": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/Time"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/AppliedWrite"
          },
          "307": {
            "$ref": "#/components/responses/Redirect"
          },
          "400": {
            "$ref": "#/components/responses/Invalid"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "408": {
            "$ref": "#/components/responses/Timeout"
          },
          "413": {
            "$ref": "#/components/responses/TooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/KeyReused"
          },
          "503": {
            "$ref": "#/components/responses/Unavailable"
          }
        }
      }
    },
    "/v1/accounts/{id}": {
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "schema": {
            "$ref": "#/components/schemas/AccountID"
          },
          "example": "alice"
        }
      ],
      "put": {
        "operationId": "putAccount",
        "summary": "Upsert an account (write token)",
        "description": "The account as the exchange's ledger has it, in the check contract's `accounts[i]` form: one `setAccount` input that sets it exactly as given (opening it when new) — positions with their entry prices (on the tick or not), chosen leverages and isolated margins, the wallet, the open orders, another margin mode. Every account that `liquidus check` accepts is accepted (errors are check's, with paths relative to the body); beyond check, an account without positions must have a wallet of at least 0. The change in collateral (`walletBalance` + the isolated margins) is booked as external flow, like a deposit or withdrawal; the account's liquidation history is kept, and it is re-checked at once (the response carries any liquidation). A body equal to the engine's account applies nothing (`commands` 0).",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/AccountInput"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/AppliedAccount"
          },
          "307": {
            "$ref": "#/components/responses/Redirect"
          },
          "400": {
            "$ref": "#/components/responses/Invalid"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "408": {
            "$ref": "#/components/responses/Timeout"
          },
          "413": {
            "$ref": "#/components/responses/TooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "421": {
            "$ref": "#/components/responses/WrongShard"
          },
          "422": {
            "$ref": "#/components/responses/KeyReused"
          },
          "503": {
            "$ref": "#/components/responses/Unavailable"
          }
        }
      },
      "get": {
        "operationId": "getAccount",
        "summary": "The check view of one account (read token)",
        "description": "Margins, prices, each position's ADL indicator (`adlQuantile`, 1 to 5) and the plan the engine would carry out now, in the check contract's `accounts[i]` output form.",
        "responses": {
          "200": {
            "description": "The account's report.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Invalid"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Conflict"
          },
          "421": {
            "$ref": "#/components/responses/WrongShard"
          }
        }
      }
    },
    "/v1/marks": {
      "post": {
        "operationId": "postMarks",
        "summary": "Post mark prices, one tick or a batch (write token)",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "oneOf": [
                  {
                    "$ref": "#/components/schemas/Tick"
                  },
                  {
                    "type": "object",
                    "additionalProperties": false,
                    "required": [
                      "ticks"
                    ],
                    "properties": {
                      "ticks": {
                        "type": "array",
                        "minItems": 1,
                        "maxItems": 10000,
                        "items": {
                          "$ref": "#/components/schemas/Tick"
                        }
                      }
                    }
                  }
                ]
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/AppliedWrite"
          },
          "307": {
            "$ref": "#/components/responses/Redirect"
          },
          "400": {
            "$ref": "#/components/responses/Invalid"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "408": {
            "$ref": "#/components/responses/Timeout"
          },
          "413": {
            "$ref": "#/components/responses/TooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/KeyReused"
          },
          "503": {
            "$ref": "#/components/responses/Unavailable"
          }
        }
      }
    },
    "/v1/books/{symbol}": {
      "parameters": [
        {
          "name": "symbol",
          "in": "path",
          "required": true,
          "schema": {
            "$ref": "#/components/schemas/Symbol"
          },
          "example": "BTCUSDT"
        }
      ],
      "post": {
        "operationId": "postBook",
        "summary": "Post an order-book update (write token)",
        "description": "Read as the check contract's `orderBooks.SYMBOL`. The engine's expected execution price for closes in the market becomes the mid of best bid and ask, rounded down to the tick (the best level when one side is empty; an empty book returns to the mark).",
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                  "bids": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/Levels"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "asks": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/Levels"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "time": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/Time"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/AppliedWrite"
          },
          "307": {
            "$ref": "#/components/responses/Redirect"
          },
          "400": {
            "$ref": "#/components/responses/Invalid"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "408": {
            "$ref": "#/components/responses/Timeout"
          },
          "413": {
            "$ref": "#/components/responses/TooLarge"
          },
          "415": {
            "$ref": "#/components/responses/UnsupportedMediaType"
          },
          "422": {
            "$ref": "#/components/responses/KeyReused"
          },
          "503": {
            "$ref": "#/components/responses/Unavailable"
          }
        }
      }
    },
    "/v1/events": {
      "get": {
        "operationId": "getEvents",
        "summary": "Stored engine events after a sequence number (read token)",
        "parameters": [
          {
            "name": "after",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 0,
              "maximum": 18446744073709551615,
              "default": 0
            }
          },
          {
            "name": "limit",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 10000,
              "default": 1000
            }
          }
        ],
        "responses": {
          "200": {
            "description": "Events in sequence order.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "events": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Event"
                      }
                    },
                    "lastSequence": {
                      "type": "integer"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Invalid"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "410": {
            "$ref": "#/components/responses/Gone"
          },
          "503": {
            "$ref": "#/components/responses/Unavailable"
          }
        }
      }
    },
    "/v1/state": {
      "get": {
        "operationId": "getState",
        "summary": "Sequence numbers and state hash (read token)",
        "description": "Of the committed state (a read during a commit waits for it). The state hash is computed off the engine's writer, once per committed command sequence.",
        "responses": {
          "200": {
            "description": "The engine's state summary.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "commandSequence": {
                      "type": "integer"
                    },
                    "eventSequence": {
                      "type": "integer"
                    },
                    "stateHash": {
                      "type": "string",
                      "pattern": "^[0-9a-f]{16}$"
                    },
                    "time": {
                      "type": "integer"
                    },
                    "insuranceFund": {
                      "$ref": "#/components/schemas/Decimal"
                    },
                    "accounts": {
                      "type": "integer"
                    },
                    "markets": {
                      "type": "integer"
                    },
                    "money": {
                      "type": "object",
                      "description": "Where the money is: Σ wallets + Σ isolated margins + insuranceFund + outsideMarket + unrecoveredLoss = externalNet + sharedFundTransfers, exactly. Across the shards of one shared fund: Σ (wallets + isolatedMargins + outsideMarket + unrecoveredLoss) + the shared fund = Σ (externalNet − initialInsuranceFund) + the shared fund's initial balance.",
                      "additionalProperties": false,
                      "required": [
                        "wallets",
                        "isolatedMargins",
                        "insuranceFund",
                        "outsideMarket",
                        "unrecoveredLoss",
                        "externalNet",
                        "sharedFundTransfers",
                        "initialInsuranceFund"
                      ],
                      "properties": {
                        "wallets": {
                          "$ref": "#/components/schemas/Decimal"
                        },
                        "isolatedMargins": {
                          "$ref": "#/components/schemas/Decimal"
                        },
                        "insuranceFund": {
                          "$ref": "#/components/schemas/Decimal"
                        },
                        "outsideMarket": {
                          "$ref": "#/components/schemas/Decimal"
                        },
                        "unrecoveredLoss": {
                          "$ref": "#/components/schemas/Decimal"
                        },
                        "externalNet": {
                          "$ref": "#/components/schemas/Decimal"
                        },
                        "sharedFundTransfers": {
                          "$ref": "#/components/schemas/Decimal"
                        },
                        "initialInsuranceFund": {
                          "$ref": "#/components/schemas/Decimal"
                        }
                      }
                    },
                    "sharedFund": {
                      "type": "object",
                      "description": "A shard whose insurance fund is shared with other shards (PostgreSQL, --shared-fund-schema): the fund's balance now and the balance it started with (the balance less every recorded change). Absent when the fund is the server's own.",
                      "additionalProperties": false,
                      "required": [
                        "balance",
                        "initialBalance"
                      ],
                      "properties": {
                        "balance": {
                          "$ref": "#/components/schemas/Decimal"
                        },
                        "initialBalance": {
                          "$ref": "#/components/schemas/Decimal"
                        }
                      }
                    }
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          }
        }
      }
    },
    "/v1/cluster": {
      "get": {
        "operationId": "getCluster",
        "summary": "This member's view of the cluster (read token)",
        "description": "On any member: its role, the epoch, where the leader is, and the last command it has applied (reads on this member are at that command). Outside a cluster the server is the leader of epoch 0, and `cluster`, `member` and `leader` are null.",
        "responses": {
          "200": {
            "description": "The cluster's status as this member sees it.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "cluster",
                    "member",
                    "role",
                    "epoch",
                    "leader",
                    "appliedSequence",
                    "members",
                    "shard"
                  ],
                  "properties": {
                    "cluster": {
                      "type": [
                        "string",
                        "null"
                      ],
                      "description": "The cluster's name."
                    },
                    "member": {
                      "type": [
                        "string",
                        "null"
                      ],
                      "format": "uri",
                      "description": "This member's advertised address."
                    },
                    "role": {
                      "$ref": "#/components/schemas/ClusterRole"
                    },
                    "epoch": {
                      "type": "integer",
                      "minimum": 0,
                      "description": "The leader's epoch as this member knows it: raised by one at every change of leader."
                    },
                    "leader": {
                      "type": [
                        "string",
                        "null"
                      ],
                      "format": "uri",
                      "description": "The leader's advertised address; null while none is known."
                    },
                    "appliedSequence": {
                      "type": "integer",
                      "minimum": 0,
                      "description": "The last command of the log this member has applied."
                    },
                    "members": {
                      "type": [
                        "array",
                        "null"
                      ],
                      "items": {
                        "$ref": "#/components/schemas/ClusterMember"
                      },
                      "description": "The members heard from lately (null when the store cannot be read; empty outside a cluster)."
                    },
                    "shard": {
                      "type": [
                        "object",
                        "null"
                      ],
                      "additionalProperties": false,
                      "required": [
                        "index",
                        "count"
                      ],
                      "properties": {
                        "index": {
                          "type": "integer",
                          "minimum": 0,
                          "description": "This server's shard."
                        },
                        "count": {
                          "type": "integer",
                          "minimum": 1,
                          "maximum": 1024,
                          "description": "The number of shards."
                        }
                      },
                      "description": "The shard of the accounts this server serves (--shards, --shard); null when it serves every account."
                    }
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          }
        }
      }
    },
    "/v1/stream": {
      "get": {
        "operationId": "stream",
        "summary": "WebSocket stream of engine events (read token)",
        "description": "Upgrade to a WebSocket. One text message per event (its JSON), in sequence order, starting after `after`: stored events first, then live ones once durable. Reconnect with the last sequence seen to miss nothing. A refused upgrade gets the JSON error and the connection is closed: 401 without a valid token, 400 for a bad `after`, 410 when `after` is before the retained events; a GET that is not an upgrade is 426.",
        "parameters": [
          {
            "name": "after",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 0,
              "maximum": 18446744073709551615,
              "default": 0
            }
          }
        ],
        "responses": {
          "101": {
            "description": "Switching protocols."
          },
          "400": {
            "$ref": "#/components/responses/Invalid"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "410": {
            "$ref": "#/components/responses/Gone"
          },
          "426": {
            "$ref": "#/components/responses/UpgradeRequired"
          },
          "503": {
            "$ref": "#/components/responses/Unavailable"
          }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "bearer": {
        "type": "http",
        "scheme": "bearer"
      }
    },
    "parameters": {
      "IdempotencyKey": {
        "name": "Idempotency-Key",
        "in": "header",
        "required": false,
        "schema": {
          "type": "string",
          "minLength": 1,
          "maxLength": 255,
          "pattern": "^[!-~]+$"
        }
      }
    },
    "schemas": {
      "Decimal": {
        "type": "string",
        "pattern": "^-?[0-9]+(\\.[0-9]{1,8})?$",
        "description": "A plain decimal string, at most 8 decimals (magnitude within the field's limit)."
      },
      "Time": {
        "type": "string",
        "pattern": "^[0-9]{1,16}$",
        "description": "Engine time: milliseconds since the Unix epoch (seconds for a log written before engine time was in milliseconds), a whole-number decimal string; defaults to the server's clock; never before the engine's time."
      },
      "Tick": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "markPrices": {
            "$ref": "#/components/schemas/PriceMap"
          },
          "indexPrices": {
            "description": "Index prices (Hyperliquid: oracle prices): kept for the price guard; recompute derived marks.",
            "$ref": "#/components/schemas/PriceMap"
          },
          "lastPrices": {
            "description": "The venue’s last traded prices (a component of derived marks).",
            "$ref": "#/components/schemas/PriceMap"
          },
          "externalPrices": {
            "description": "External perpetual venues’ median mids (Hyperliquid’s third mark component).",
            "$ref": "#/components/schemas/PriceMap"
          },
          "fundingRates": {
            "description": "The venue’s funding rate of the current interval, by market (signed, within ±1); applied first.",
            "$ref": "#/components/schemas/RateMap"
          },
          "premiumIndexes": {
            "description": "Premium index samples, by market (signed, within ±1), averaged into the interval’s rate.",
            "$ref": "#/components/schemas/RateMap"
          },
          "time": {
            "anyOf": [
              {
                "$ref": "#/components/schemas/Time"
              },
              {
                "type": "null"
              }
            ]
          }
        },
        "description": "At least one map. Within a tick, funding rates and premium samples apply first, then last and external prices, then index prices, then marks.",
        "anyOf": [
          {
            "required": [
              "markPrices"
            ]
          },
          {
            "required": [
              "indexPrices"
            ]
          },
          {
            "required": [
              "lastPrices"
            ]
          },
          {
            "required": [
              "externalPrices"
            ]
          },
          {
            "required": [
              "fundingRates"
            ]
          },
          {
            "required": [
              "premiumIndexes"
            ]
          }
        ]
      },
      "Levels": {
        "type": "array",
        "maxItems": 5000,
        "items": {
          "type": "array",
          "minItems": 2,
          "maxItems": 2,
          "items": {
            "$ref": "#/components/schemas/PositiveDecimal"
          }
        },
        "description": "[price, quantity] pairs, best first, on the market's tick and lot grids."
      },
      "Market": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "symbol",
          "tickSize",
          "lotSize",
          "riskTiers",
          "liquidationFeeRate",
          "takerFeeRate"
        ],
        "properties": {
          "symbol": {
            "$ref": "#/components/schemas/Symbol"
          },
          "tickSize": {
            "$ref": "#/components/schemas/PositiveDecimal"
          },
          "lotSize": {
            "$ref": "#/components/schemas/PositiveDecimal"
          },
          "minOrderSize": {
            "anyOf": [
              {
                "$ref": "#/components/schemas/NonNegativeDecimal"
              },
              {
                "type": "null"
              }
            ]
          },
          "liquidationFeeRate": {
            "$ref": "#/components/schemas/NonNegativeDecimal"
          },
          "takerFeeRate": {
            "$ref": "#/components/schemas/NonNegativeDecimal"
          },
          "riskTiers": {
            "type": "array",
            "minItems": 1,
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "maintenanceMarginRate",
                "maintenanceAmount",
                "maxLeverage"
              ],
              "properties": {
                "notionalCap": {
                  "anyOf": [
                    {
                      "$ref": "#/components/schemas/PositiveDecimal"
                    },
                    {
                      "type": "null"
                    }
                  ]
                },
                "maintenanceMarginRate": {
                  "$ref": "#/components/schemas/NonNegativeDecimal"
                },
                "maintenanceAmount": {
                  "$ref": "#/components/schemas/NonNegativeDecimal"
                },
                "maxLeverage": {
                  "$ref": "#/components/schemas/PositiveDecimal"
                }
              }
            },
            "maxItems": 64
          }
        }
      },
      "AccountInput": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "marginMode",
          "walletBalance"
        ],
        "properties": {
          "id": {
            "anyOf": [
              {
                "$ref": "#/components/schemas/AccountID"
              },
              {
                "type": "null"
              }
            ]
          },
          "marginMode": {
            "enum": [
              "cross",
              "isolated"
            ]
          },
          "walletBalance": {
            "$ref": "#/components/schemas/Decimal"
          },
          "positions": {
            "anyOf": [
              {
                "type": "array",
                "items": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "market",
                    "size",
                    "entryPrice"
                  ],
                  "properties": {
                    "market": {
                      "$ref": "#/components/schemas/Symbol"
                    },
                    "size": {
                      "$ref": "#/components/schemas/NonZeroDecimal"
                    },
                    "entryPrice": {
                      "$ref": "#/components/schemas/PositiveDecimal"
                    },
                    "isolatedMargin": {
                      "anyOf": [
                        {
                          "$ref": "#/components/schemas/NonNegativeDecimal"
                        },
                        {
                          "type": "null"
                        }
                      ]
                    },
                    "leverage": {
                      "anyOf": [
                        {
                          "$ref": "#/components/schemas/PositiveDecimal"
                        },
                        {
                          "type": "null"
                        }
                      ]
                    }
                  }
                },
                "maxItems": 256
              },
              {
                "type": "null"
              }
            ]
          },
          "openOrders": {
            "anyOf": [
              {
                "type": "array",
                "items": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "market",
                    "size",
                    "price"
                  ],
                  "properties": {
                    "market": {
                      "$ref": "#/components/schemas/Symbol"
                    },
                    "size": {
                      "$ref": "#/components/schemas/NonZeroDecimal"
                    },
                    "price": {
                      "$ref": "#/components/schemas/PositiveDecimal"
                    }
                  }
                },
                "maxItems": 1000
              },
              {
                "type": "null"
              }
            ]
          },
          "time": {
            "anyOf": [
              {
                "$ref": "#/components/schemas/Time"
              },
              {
                "type": "null"
              }
            ]
          }
        }
      },
      "Event": {
        "type": "object",
        "required": [
          "sequence",
          "time",
          "type",
          "event"
        ],
        "properties": {
          "sequence": {
            "type": "integer"
          },
          "time": {
            "type": "integer"
          },
          "type": {
            "enum": [
              "liquidationTriggered",
              "ordersCancelled",
              "partialLiquidation",
              "positionTakenOver",
              "insuranceFundPaid",
              "autoDeleveraged",
              "deleveragingForwarded",
              "liquidationResolved",
              "accountHeld",
              "accountReleased",
              "liquidationsHeld",
              "liquidationsResumed",
              "fundingPaid",
              "fundingSettled"
            ]
          },
          "event": {
            "type": "object"
          }
        }
      },
      "Error": {
        "type": "object",
        "required": [
          "error"
        ],
        "properties": {
          "error": {
            "type": "object",
            "required": [
              "code",
              "path",
              "message"
            ],
            "properties": {
              "code": {
                "type": "string"
              },
              "path": {
                "type": "string",
                "description": "The JSON path of the offending field, as `liquidus check` names it."
              },
              "message": {
                "type": "string"
              },
              "firstRetainedSequence": {
                "type": "integer",
                "description": "With code `pruned` (410): the first event still stored."
              },
              "leader": {
                "type": "string",
                "format": "uri",
                "description": "With code `notLeader` (307): the leader's advertised address."
              }
            }
          }
        }
      },
      "PositiveDecimal": {
        "type": "string",
        "pattern": "^([0-9]*[1-9][0-9]*(\\.[0-9]{1,8})?|[0-9]+\\.([1-9][0-9]{0,7}|0[1-9][0-9]{0,6}|00[1-9][0-9]{0,5}|000[1-9][0-9]{0,4}|0000[1-9][0-9]{0,3}|00000[1-9][0-9]{0,2}|000000[1-9][0-9]?|0000000[1-9]))$",
        "description": "A decimal string > 0, at most 8 decimals."
      },
      "NonNegativeDecimal": {
        "type": "string",
        "pattern": "^[0-9]+(\\.[0-9]{1,8})?$",
        "description": "A decimal string ≥ 0, at most 8 decimals."
      },
      "NonZeroDecimal": {
        "type": "string",
        "pattern": "^-?([0-9]*[1-9][0-9]*(\\.[0-9]{1,8})?|[0-9]+\\.([1-9][0-9]{0,7}|0[1-9][0-9]{0,6}|00[1-9][0-9]{0,5}|000[1-9][0-9]{0,4}|0000[1-9][0-9]{0,3}|00000[1-9][0-9]{0,2}|000000[1-9][0-9]?|0000000[1-9]))$",
        "description": "A decimal string ≠ 0, at most 8 decimals (a signed size: > 0 long, < 0 short)."
      },
      "Symbol": {
        "type": "string",
        "pattern": "^[A-Za-z0-9_./:-]{1,64}$",
        "description": "A market symbol: 1 to 64 ASCII letters, digits or -_/.: characters."
      },
      "AccountID": {
        "type": "string",
        "minLength": 1,
        "maxLength": 128,
        "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]+$",
        "description": "An account id: 1 to 128 bytes of UTF-8 without control characters (U+0000–U+001F, U+007F–U+009F), compared byte for byte. In a path it is percent-encoded (`/`, spaces and non-ASCII characters work encoded; `%E2%82%AC` and `%e2%82%ac` are the same id)."
      },
      "Applied": {
        "type": "object",
        "properties": {
          "commands": {
            "type": "integer"
          },
          "lastCommand": {
            "type": "integer"
          },
          "eventSequence": {
            "type": "integer"
          },
          "time": {
            "type": "integer"
          },
          "events": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Event"
            }
          }
        }
      },
      "PriceMap": {
        "type": "object",
        "minProperties": 1,
        "maxProperties": 1000,
        "propertyNames": {
          "$ref": "#/components/schemas/Symbol"
        },
        "additionalProperties": {
          "$ref": "#/components/schemas/PositiveDecimal"
        }
      },
      "RateMap": {
        "type": "object",
        "minProperties": 1,
        "maxProperties": 1000,
        "propertyNames": {
          "$ref": "#/components/schemas/Symbol"
        },
        "additionalProperties": {
          "$ref": "#/components/schemas/Decimal"
        }
      },
      "ClusterMember": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "address",
          "role",
          "epoch",
          "appliedSequence",
          "lastSeenMilliseconds"
        ],
        "properties": {
          "address": {
            "type": "string",
            "format": "uri"
          },
          "role": {
            "$ref": "#/components/schemas/ClusterRole"
          },
          "epoch": {
            "type": "integer",
            "minimum": 0
          },
          "appliedSequence": {
            "type": "integer",
            "minimum": 0
          },
          "lastSeenMilliseconds": {
            "type": "integer",
            "minimum": 0,
            "description": "How long ago its latest heartbeat was recorded."
          }
        }
      },
      "ClusterRole": {
        "type": "string",
        "enum": [
          "leader",
          "standby"
        ],
        "description": "`leader` writes the command log (also a server outside any cluster); `standby` follows it and redirects writes to the leader."
      }
    },
    "responses": {
      "Invalid": {
        "description": "Invalid input: nothing was applied.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "Unauthorized": {
        "description": "No valid bearer token.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        },
        "headers": {
          "WWW-Authenticate": {
            "schema": {
              "type": "string"
            }
          }
        }
      },
      "Forbidden": {
        "description": "The read token on a mutating endpoint.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "TooLarge": {
        "description": "The body exceeds the limit.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "KeyReused": {
        "description": "The idempotency key was used for a different request.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "Unavailable": {
        "description": "The store failed, the server is shutting down, or (in a cluster) this member does not lead now — `notLeader`, `noLeader`, with `Retry-After`: nothing was applied.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "NotFound": {
        "description": "No such account or market.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "Conflict": {
        "description": "The account cannot be evaluated now (a position without a mark).",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "MethodNotAllowed": {
        "description": "The path does not take this method (see `Allow`).",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "Timeout": {
        "description": "The request head or body did not arrive in time.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "Gone": {
        "description": "The range asked for was pruned (`firstRetainedSequence` says where the retained history begins).",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "UnsupportedMediaType": {
        "description": "The body is not JSON.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "UpgradeRequired": {
        "description": "The stream is a WebSocket: send the request as an upgrade.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "AppliedAccount": {
        "description": "Logged durably and applied.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Applied"
            }
          }
        },
        "links": {
          "GetAccount": {
            "operationId": "getAccount",
            "parameters": {
              "id": "$request.path.id"
            },
            "description": "The account just set."
          },
          "GetEvents": {
            "$ref": "#/components/links/GetEvents"
          }
        }
      },
      "AppliedWrite": {
        "description": "Logged durably and applied.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Applied"
            }
          }
        },
        "links": {
          "GetState": {
            "operationId": "getState",
            "description": "The state after the write."
          },
          "GetEvents": {
            "$ref": "#/components/links/GetEvents"
          }
        }
      },
      "Redirect": {
        "description": "This member is a cluster's standby: send the same request (method, body and token) to the leader, at `Location`. Nothing was applied.",
        "headers": {
          "Location": {
            "description": "The leader's advertised address with this request's path and query.",
            "schema": {
              "type": "string",
              "format": "uri"
            }
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      },
      "WrongShard": {
        "description": "The account belongs to another shard (a server started with --shards and --shard): the error's `shard` names the owner; send the request there.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      }
    },
    "links": {
      "GetEvents": {
        "operationId": "getEvents",
        "parameters": {
          "after": "0"
        },
        "description": "The events, from the start."
      }
    }
  }
}

"""##

}
