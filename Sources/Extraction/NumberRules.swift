// Rules for DATE, TIME, PERCENT, MONEY, QUANTITY, ORDINAL, CARDINAL (written for this project, MIT).

struct NumberRules {
    let p: UnsafeBufferPointer<UInt8>
    let tokens: [Token]
    let hashes: [TokHash]

    mutating func find(covered: [Bool]) -> [Span] { [] }
}
