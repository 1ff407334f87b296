import LiquidusCore
import LiquidusTestSupport
import Testing

@Suite struct RiskTierTableTests {
    func tier(_ cap: String?, _ rate: String, _ amount: String, _ leverage: String) -> RiskTier {
        RiskTier(
            notionalCap: cap.map { Fixtures.money($0) }, maintenanceMarginRate: Fixtures.rate(rate),
            maintenanceAmount: Fixtures.money(amount), maxLeverage: Fixtures.rate(leverage))
    }

    @Test func notionalFallsInTheFirstTierWhoseCapHoldsIt() {
        let table = Fixtures.btc.riskTiers
        #expect(table.tierIndex(forNotional: Fixtures.money("50000")) == 0)      // a cap is inclusive
        #expect(table.tierIndex(forNotional: Fixtures.money("50000.00000001")) == 1)
        #expect(table.tierIndex(forNotional: Fixtures.money("3000000")) == 2)
        #expect(table.tierIndex(forNotional: Fixtures.money("9999999999")) == 3)  // unbounded last tier
    }

    /// Tables of 1 to 12 tiers (scanned in order up to 8, halved beyond): every notional at,
    /// just past and between the caps falls in the first tier whose cap holds it, by definition.
    @Test(arguments: 1...12)
    func tierIndexIsTheFirstCapThatHoldsTheNotional(tiers count: Int) throws {
        var tiers: [RiskTier] = []
        var amount = Money.zero
        for index in 0..<count {
            let rate = Rate(units: Int64(400_000 + index * 100_000))
            if let previous = tiers.last { amount = RiskTierTable.continuousAmount(after: previous, rate: rate) }
            let step = Int64(index + 1)
            let cap: Money? = index == count - 1 ? nil : Money(units: 5_000_000_000_000 * step * step)  // 50,000 × (index + 1)²
            tiers.append(RiskTier(notionalCap: cap, maintenanceMarginRate: rate, maintenanceAmount: amount, maxLeverage: Rate(20)))
        }
        let table = try RiskTierTable(tiers)
        let caps = tiers.compactMap(\.notionalCap)
        var probes: [Money] = [Money(units: 1), Limits.maxMoney]
        for cap in caps {
            probes += [cap, cap + Money(units: 1), cap - Money(units: 1), cap + Money(1_000)]
        }
        for notional in probes {
            let expected = caps.firstIndex { notional <= $0 } ?? count - 1
            #expect(table.tierIndex(forNotional: notional) == expected, "\(notional) in \(count) tiers")
        }
    }

    @Test func maintenanceIsContinuousAcrossCaps() {
        // At the 600,000 cap: 600000 × 0.005 − 50 = 2950 = 600000 × 0.01 − 3050.
        let table = Fixtures.btc.riskTiers
        let below = table.maintenanceMargin(size: 20, price: 30_000).margin
        let above = table.maintenanceMargin(size: Fixtures.quantity("20.00000001"), price: 30_000).margin
        #expect(below.description == "2950")
        #expect(above.description == "2950.000003")  // 600000.0003 × 0.01 − 3050
    }

    @Test func continuityRecurrenceGivesBinancesAmounts() throws {
        // cum(n) = cap(n−1) × (r(n) − r(n−1)) + cum(n−1): 50000 × 0.001 = 50; 600000 × 0.0015 + 50 = 950.
        let first = tier("50000", "0.004", "0", "125")
        let second = tier("600000", "0.005", "50", "100")
        #expect(RiskTierTable.continuousAmount(after: first, rate: Fixtures.rate("0.005")).description == "50")
        #expect(RiskTierTable.continuousAmount(after: second, rate: Fixtures.rate("0.0065")).description == "950")
    }

    @Test func rejectsBrokenTables() {
        func rejection(_ tiers: [RiskTier]) -> ValidationError? {
            do { _ = try RiskTierTable(tiers); return nil } catch { return error }
        }
        #expect(rejection([])?.path == "riskTiers")
        #expect(rejection([tier("100", "0.01", "0", "50"), tier("100", "0.02", "1", "25")])?.path == "riskTiers[1].notionalCap")
        #expect(rejection([tier(nil, "0.01", "0", "50"), tier("100", "0.02", "1", "25")])?.path == "riskTiers[0].notionalCap")
        #expect(rejection([tier(nil, "0", "0", "50")])?.path == "riskTiers[0].maintenanceMarginRate")
        #expect(rejection([tier(nil, "1", "0", "1")])?.path == "riskTiers[0].maintenanceMarginRate")
        #expect(rejection([tier(nil, "0.01", "-1", "50")])?.path == "riskTiers[0].maintenanceAmount")
        #expect(rejection([tier(nil, "0.01", "0", "0.5")])?.path == "riskTiers[0].maxLeverage")
        #expect(rejection([tier(nil, "0.05", "0", "20")])?.code == .inconsistent)  // MM rate × leverage = 1
        // A jump of 2 at the cap: 50000 × 0.005 − 48 = 202 vs 200.
        let jump = rejection([tier("50000", "0.004", "0", "125"), tier(nil, "0.005", "48", "100")])
        #expect(jump?.path == "riskTiers[1].maintenanceAmount")
        #expect(jump?.message.contains("continuity needs 50") == true)
        // Within one unit of money is accepted (published tables round their amounts).
        #expect(rejection([tier("50000", "0.004", "0", "125"), tier(nil, "0.005", "49.5", "100")]) == nil)
    }

    @Test func everyPresetTableIsValidAndContinuous() {
        // Building a preset validates it (a malformed table traps); here we check each table's
        // maintenance is exactly continuous at every cap, as the venues' recurrences make it.
        for preset in VenuePreset.all {
            for market in preset.markets {
                let tiers = market.riskTiers.tiers
                for index in tiers.indices.dropLast() {
                    let cap = tiers[index].notionalCap!
                    let below = cap.multiplied(by: tiers[index].maintenanceMarginRate, .up) - tiers[index].maintenanceAmount
                    let above = cap.multiplied(by: tiers[index + 1].maintenanceMarginRate, .up) - tiers[index + 1].maintenanceAmount
                    #expect(below == above, "\(preset.name) \(market.symbol) at cap \(cap)")
                }
            }
        }
    }
}
