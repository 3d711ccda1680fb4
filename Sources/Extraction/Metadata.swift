// Article metadata (title, published date, dateline, authors, source) and boilerplate regions.

struct ArticleInfo {
    var title: String?
    var published: String?
    var dateline: String?
    var authors: [String] = []
    var source: String?
    /// Scalar ranges of site chrome and teasers for other stories.
    var boilerplate: [(Int, Int)] = []
}

struct Metadata {
    let p: UnsafeBufferPointer<UInt8>
    let tokens: [Token]

    func analyse() -> ArticleInfo { ArticleInfo() }
}
