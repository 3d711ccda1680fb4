import HTML

/// `html`: saved web pages through the HTML reader (`WebPage`: charset, libxml2's parser, main
/// text, metadata), in pages per second; `--out FILE` also writes each page's main text as the
/// article-extraction benchmark's `evaluate.py` reads it (`{"<name>": {"articleBody": "..."}}`,
/// the name less its `.html`).
struct PageBenchmark {
    let folder: String
    let runs: Int

    func run(minSeconds: Double, out: String?) throws {
        let names = Files.names(in: folder).sorted()
        let pages = try names.map { try Files.read(folder + "/" + $0) }
        guard !pages.isEmpty else { fail("no pages in \(folder)") }
        let bytes = pages.reduce(0) { $0 + $1.count }
        if let out {
            var json: [UInt8] = Array("{".utf8)
            for (i, (name, page)) in zip(names, pages).enumerated() {
                let key = name.split(separator: ".").first.map(String.init) ?? name
                if i > 0 { json.append(contentsOf: Array(",\n".utf8)) }
                json.append(contentsOf: Array("\(quoted(key)): {\"articleBody\": \(quoted(WebPage(page).text))}".utf8))
            }
            json.append(contentsOf: Array("}\n".utf8))
            try Files.write(out, json)
        }
        var rates: [Double] = []
        var cpuRates: [Double] = []
        var characters = 0
        for _ in 0..<runs {
            var passes = 0
            let start = Clock.now()
            let cpuStart = Clock.cpu()
            var elapsed = 0.0
            repeat {
                for page in pages { characters &+= WebPage(page).text.utf8.count }
                passes += 1
                elapsed = Double(Clock.now() - start) / 1e9
            } while elapsed < minSeconds
            rates.append(Double(pages.count * passes) / elapsed)
            cpuRates.append(Double(pages.count * passes) / (Double(Clock.cpu() - cpuStart) / 1e9))
        }
        note("html: \(pages.count) pages, \(bytes) bytes per pass (\(characters) text bytes in all)")
        report("html_pages_per_s", rates)
        report("html_pages_per_cpu_s", cpuRates)
    }

    private func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

func describePage(_ path: String) throws {
    print(WebPageDebug.describe(try Files.read(path)))
}

func pagePhases(_ folder: String) throws {
    let pages = try Files.names(in: folder).sorted().map { try Files.read(folder + "/" + $0) }
    for _ in 0..<3 {
        let t = WebPageDebug.phases(pages) { Clock.cpu() }
        print(
            "prepare+strip \(t[0] / 1_000_000) ms, parse \(t[1] / 1_000_000) ms, main \(t[2] / 1_000_000) ms, meta \(t[3] / 1_000_000) ms"
        )
    }
}
