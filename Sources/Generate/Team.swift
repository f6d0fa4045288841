/// The customer success team behind the book: about five CSMs and two account managers per
/// hundred accounts, with stable names so that tasks group by owner the way a real team's do.
struct Team {
    let csmCount: Int
    let accountManagerCount: Int

    init(accounts: Int) {
        csmCount = max(1, (accounts * 5 + 99) / 100)
        accountManagerCount = max(1, (accounts * 2 + 99) / 100)
    }

    /// CSMs take the even slots of the name space and account managers the odd ones, so nobody
    /// appears in both roles.
    func csm(_ index: Int) -> String { Self.person(index * 2) }
    func accountManager(_ index: Int) -> String { Self.person(index * 2 + 1) }

    /// The k-th distinct full name. The first 1,600 are plain first/last pairs (first = k mod 40,
    /// last = (k / 40 + k) mod 40 is one-to-one); bigger teams add a middle initial, then a number.
    static func person(_ k: Int) -> String {
        let first = Vocabulary.firstNames, last = Vocabulary.lastNames
        let pairs = first.count * last.count
        let slot = k % pairs
        let given = first[slot % first.count]
        let family = last[(slot / first.count + slot) % last.count]
        let round = k / pairs
        if round == 0 { return given + " " + family }
        if round <= 26 {
            let initial = Character(Unicode.Scalar(UInt8(64 + round)))
            return given + " " + String(initial) + ". " + family
        }
        return given + " " + family + " " + String(round - 25)
    }
}
