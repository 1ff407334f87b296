import Foundation

extension PricePath {
    /// Reads a path from CSV text: one row per mark or trade, `timestamp,price[,volume]`.
    ///
    /// - An optional header row whose first field is not a number (`timestamp,price,volume`).
    /// - `timestamp`: whole seconds (Unix time or seconds from any origin); values above 10¹¹
    ///   are taken as milliseconds and floored to the second. Must not go back.
    /// - `price`: a finite decimal > 0 (exponents are accepted: it is market data, not money).
    /// - `volume`: optional, a finite decimal ≥ 0; rows in the same second add up.
    /// - Blank lines and lines starting with `#` are skipped; fields may be padded with spaces.
    ///
    /// The result has one price per second from the first timestamp to the last: the last price
    /// seen in each second, carried forward over seconds without a row (volume 0 there).
    /// The first problem throws a ``PathCSVError`` naming its line and column, and nothing is
    /// loaded.
    /// - Complexity: O(rows + seconds spanned).
    public static func csv(_ text: String, name: String) throws(PathCSVError) -> PricePath {
        var rows: [CSVRow] = []
        var sawHeader = false
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine[...]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if rows.isEmpty, !sawHeader, let first = fields.first, Double(first) == nil, first.first?.isLetter == true {
                guard fields.count >= 2, fields.count <= 3 else {
                    throw PathCSVError(line: index + 1, column: 0, field: "", "a header has 2 or 3 columns (timestamp,price[,volume]), found \(fields.count)")
                }
                sawHeader = true
                continue
            }
            let row = try CSVRow(fields, line: index + 1)
            if let last = rows.last, row.second < last.second {
                throw PathCSVError(line: index + 1, column: 1, field: "timestamp", "\(row.stamp) goes back in time (the previous row is at \(last.second))")
            }
            if let last = rows.last, row.second - last.second > 31 * 86_400 {
                throw PathCSVError(line: index + 1, column: 1, field: "timestamp", "\(row.stamp) leaves a gap of more than 31 days after \(last.second)")
            }
            rows.append(row)
        }
        guard let first = rows.first else {
            throw PathCSVError(line: 0, column: 0, field: "", "the file has no data rows (expected timestamp,price[,volume])")
        }
        let (prices, volumes) = perSecond(rows)
        return PricePath(
            name: name, prices: prices, volumes: volumes,
            notes: ["replayed from \(name): \(rows.count) rows, \(prices.count) seconds from t=\(first.second)"])
    }

    /// One data row of a path CSV: its time (as written, and in whole seconds), price and volume.
    struct CSVRow {
        var stamp: Int64
        var second: Int64
        var price: Double
        var volume: Double?

        /// Reads the fields of line `line`, or throws the first field's problem.
        init(_ fields: [String], line: Int) throws(PathCSVError) {
            guard fields.count == 2 || fields.count == 3 else {
                throw PathCSVError(line: line, column: 0, field: "", "expected 2 or 3 comma-separated fields (timestamp,price[,volume]), found \(fields.count)")
            }
            guard let stamp = Int64(fields[0]) ?? Double(fields[0]).flatMap({ $0.isFinite && $0 == $0.rounded(.down) && abs($0) < 9e15 ? Int64($0) : nil }) else {
                throw PathCSVError(line: line, column: 1, field: "timestamp", "\"\(fields[0])\" is not a whole number of seconds")
            }
            guard stamp >= 0 else {
                throw PathCSVError(line: line, column: 1, field: "timestamp", "\(stamp) must not be negative")
            }
            guard let price = Double(fields[1]), price.isFinite else {
                throw PathCSVError(line: line, column: 2, field: "price", "\"\(fields[1])\" is not a number")
            }
            guard price > 0, price <= 1e9 else {
                throw PathCSVError(line: line, column: 2, field: "price", "\(fields[1]) must be > 0 and at most 1000000000")
            }
            self.stamp = stamp
            second = stamp > 100_000_000_000 ? stamp / 1000 : stamp
            self.price = price
            guard fields.count == 3 else { return }
            guard let value = Double(fields[2]), value.isFinite else {
                throw PathCSVError(line: line, column: 3, field: "volume", "\"\(fields[2])\" is not a number")
            }
            guard value >= 0 else {
                throw PathCSVError(line: line, column: 3, field: "volume", "\(fields[2]) must be ≥ 0")
            }
            volume = value
        }
    }

    /// One price per second from the first row to the last — the last price seen in each second,
    /// carried forward — and, when any row has a volume, the volume traded in each second.
    /// - Precondition: `rows` is not empty and in time order.
    static func perSecond(_ rows: [CSVRow]) -> (prices: [Double], volumes: [Double]) {
        let first = rows[0], last = rows[rows.count - 1]
        let sawVolume = rows.contains { $0.volume != nil }
        let count = Int(last.second - first.second) + 1
        var prices = [Double](repeating: first.price, count: count)
        var volumes = sawVolume ? [Double](repeating: 0, count: count) : []
        var cursor = 0
        var current = first.price
        for index in 0..<count {
            let second = first.second + Int64(index)
            while cursor < rows.count, rows[cursor].second == second {
                current = rows[cursor].price
                if sawVolume { volumes[index] += rows[cursor].volume ?? 0 }
                cursor += 1
            }
            prices[index] = current
        }
        return (prices, volumes)
    }
}
