#!/usr/bin/env bash
# Regenerates Sources/LiquidusServer/Application/OpenAPIDocument.swift from docs/openapi.json, so the server
# serves exactly the document kept in the repo (OpenAPITests checks the bytes are equal).
set -euo pipefail
cd "$(dirname "$0")/.."
{
  printf '%s\n' 'import Foundation' '' \
    '/// The OpenAPI document of the service, served at `/openapi.json`: the bytes of `docs/openapi.json`' \
    '/// (regenerate this file with `scripts/embed-openapi.sh`; a test checks they are equal).' \
    'public enum OpenAPIDocument {' \
    '    /// The document.' \
    '    public static let bytes: [UInt8] = Array(text.utf8)' \
    '    static let text = ##"""'
  cat docs/openapi.json
  printf '\n%s\n' '"""##' '}'
} > Sources/LiquidusServer/Application/OpenAPIDocument.swift
