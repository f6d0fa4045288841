/// The generator's only source of randomness. SplitMix64 is tiny, fast and fully specified, so the
/// same seed gives the same export on every platform and Swift version (Foundation's and the
/// standard library's generators promise neither).
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A stream for one account that does not depend on how many accounts come before it, so the
    /// first 200 accounts of a million-account export equal those of a 200-account export (owners
    /// aside: the team's size follows the book's).
    init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        state = mixer.next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `0..<bound`; the multiply-shift keeps it unbiased enough for test data and avoids
    /// a division per draw (UInt128 would need macOS 15).
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// True with the given probability in percent.
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// An index chosen with the given relative weights.
    mutating func weighted(_ weights: [Int]) -> Int {
        var roll = below(weights.reduce(0, +))
        for (index, weight) in weights.enumerated() {
            if roll < weight { return index }
            roll -= weight
        }
        return weights.count - 1
    }

    /// `count` distinct indices below `bound` (at most 64), in ascending order: lists of names
    /// must not repeat within an account because names are part of import keys.
    mutating func distinct(_ count: Int, below bound: Int) -> [Int] {
        precondition(bound <= 64)
        let wanted = min(count, bound)
        var mask: UInt64 = 0
        var chosen = 0
        while chosen < wanted {
            let bit = UInt64(1) << UInt64(below(bound))
            if mask & bit == 0 { mask |= bit; chosen += 1 }
        }
        var result: [Int] = []
        result.reserveCapacity(wanted)
        for index in 0..<bound where mask & (UInt64(1) << UInt64(index)) != 0 { result.append(index) }
        return result
    }
}
