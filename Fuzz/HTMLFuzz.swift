// libFuzzer entry for the HTML reader; built by scripts/fuzz-html.sh together with
// Sources/HTML/*.swift (one module, so no import of HTML). Any bytes must give a page, within the
// fuzzer's timeout, with main text that is valid and no larger than the page allows.

@_cdecl("LLVMFuzzerTestOneInput")
public func htmlFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let page = WebPage(bytes)
    // UTF-16 input doubles at most into UTF-8 three bytes per unit; entities expand a little.
    precondition(page.text.utf8.count <= max(64, bytes.count * 4), "main text larger than the page")
    precondition(!page.text.hasPrefix("\n") && !page.text.hasSuffix("\n"), "text starts or ends with a blank line")
    if let published = page.published { precondition(published.utf8.count == 10, "published is not yyyy-mm-dd") }
    _ = WebPage.isHTML(bytes)
    return 0
}
