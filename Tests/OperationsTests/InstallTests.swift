import Foundation
import Testing

/// `make install` / `make uninstall` into an empty root, and the shipped units checked with
/// `systemd-analyze verify` and `systemd-analyze security --offline=true`.
@Suite(.serialized) struct InstallTests {
    static let expectedFiles = [
        "usr/bin/wirewatchd",
        "usr/bin/wirewatch",
        "usr/bin/wirewatch-full",
        "usr/lib/systemd/system/wirewatch.service",
        "usr/lib/systemd/system/wirewatch@.service",
        "usr/lib/systemd/system/wirewatch-ship.service",
        "etc/wirewatch/ship.conf.example",
        "usr/lib/sysusers.d/wirewatch.conf",
        "usr/lib/tmpfiles.d/wirewatch.conf",
        "usr/share/doc/wirewatch/OPERATIONS.md",
        "usr/share/doc/wirewatch/examples/vector.yaml",
        "usr/share/doc/wirewatch/examples/fluent-bit.yaml",
        "usr/share/bash-completion/completions/wirewatchd",
        "usr/share/zsh/site-functions/_wirewatchd",
        "usr/share/fish/vendor_completions.d/wirewatchd.fish",
        "etc/wirewatch/wirewatch.conf",
        "etc/wirewatch/instance.conf.example",
        "etc/wirewatch/names.tsv.example",
    ]

    /// Installs with the debug binaries (BIN_DIR) so the test does not build a release.
    private func install(into root: TemporaryFolder) throws -> Finished {
        try run(
            "/usr/bin/make", ["-C", Paths.root.path, "install", "DESTDIR=\(root.url.path)", "PREFIX=/usr"],
            environment: ["BIN_DIR": Paths.binDirectory.path], timeout: 60)
    }

    private func files(under root: URL) -> [String] {
        let base = root.path + "/"
        var found: [String] = []
        if let walker = FileManager.default.enumerator(atPath: root.path) {
            while let relative = walker.nextObject() as? String {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: base + relative, isDirectory: &isDirectory),
                    !isDirectory.boolValue
                {
                    found.append(relative)
                }
            }
        }
        return found.sorted()
    }

    @Test func installProducesTheTreeAndUninstallRemovesIt() throws {
        let root = try TemporaryFolder("destdir")
        let result = try install(into: root)
        #expect(result.status == 0, "make install: \(result.stderr)")
        let installed = Set(files(under: root.url))
        for file in Self.expectedFiles {
            #expect(installed.contains(file), "missing \(file); installed: \(installed.sorted())")
        }
        // Whatever man pages and completions the query tool ships are installed too.
        let manPages =
            (try? FileManager.default.contentsOfDirectory(atPath: Paths.root.appendingPathComponent("docs/man").path))
            ?? []
        for page in manPages where page.range(of: #"\.[1-9]"#, options: .regularExpression) != nil {
            #expect(
                installed.contains { $0.hasPrefix("usr/share/man/") && $0.hasSuffix("/" + page) }, "man page \(page)")
        }

        let daemon = root.path("usr/bin/wirewatchd")
        #expect(FileManager.default.isExecutableFile(atPath: daemon))
        let unit = try String(contentsOfFile: root.path("usr/lib/systemd/system/wirewatch.service"), encoding: .utf8)
        #expect(unit.contains("ExecStart=/usr/bin/wirewatchd --config /etc/wirewatch/wirewatch.conf"))
        let template = try String(
            contentsOfFile: root.path("usr/lib/systemd/system/wirewatch@.service"), encoding: .utf8)
        #expect(template.contains("ExecStart=/usr/bin/wirewatchd --config /etc/wirewatch/%i.conf"))
        #expect(template.contains("StateDirectory=wirewatch/%i"))
        let sysusers = try String(contentsOfFile: root.path("usr/lib/sysusers.d/wirewatch.conf"), encoding: .utf8)
        #expect(sysusers.split(separator: "\n").contains { $0.hasPrefix("u") && $0.contains("wirewatch") })
        let tmpfiles = try String(contentsOfFile: root.path("usr/lib/tmpfiles.d/wirewatch.conf"), encoding: .utf8)
        #expect(tmpfiles.contains("/srv/wirewatch/inbox      2770 root      wirewatch"))
        #expect(tmpfiles.contains("/var/lib/wirewatch"))
        let bash = try String(
            contentsOfFile: root.path("usr/share/bash-completion/completions/wirewatchd"), encoding: .utf8)
        #expect(bash.contains("--dictionary"))

        // The shipped configuration is valid for the daemon that was installed (paths from flags).
        let scratch = try TemporaryFolder("shipped")
        let check = try run(
            daemon,
            [
                "--config", root.path("etc/wirewatch/wirewatch.conf"), "--inbox", try scratch.mkdir("inbox"),
                "--store", scratch.path("s.jsonl"), "--once",
            ])
        #expect(check.status == 0, "shipped configuration: \(check.stderr)")

        // A second install keeps an edited configuration.
        try root.write("etc/wirewatch/wirewatch.conf", "inbox = /srv/elsewhere\n")
        #expect(try install(into: root).status == 0)
        #expect(
            try String(contentsOfFile: root.path("etc/wirewatch/wirewatch.conf"), encoding: .utf8)
                == "inbox = /srv/elsewhere\n")

        let removed = try run(
            "/usr/bin/make", ["-C", Paths.root.path, "uninstall", "DESTDIR=\(root.url.path)", "PREFIX=/usr"])
        #expect(removed.status == 0, "make uninstall: \(removed.stderr)")
        // Only the edited configuration is left behind.
        #expect(files(under: root.url) == ["etc/wirewatch/wirewatch.conf"])
    }

    /// Man pages in docs/man and completions in completions/ (as the query tool generates them)
    /// land where man and the shells look, in a copy of the package tree.
    @Test func manPagesAndCompletionsAreInstalledWhereverTheyAre() throws {
        let tree = try TemporaryFolder("tree")
        for item in ["scripts", "systemd", "packaging", "docs"] {
            let copy = try run("/bin/cp", ["-R", Paths.root.appendingPathComponent(item).path, tree.url.path])
            #expect(copy.status == 0, "cp \(item): \(copy.stderr)")
        }
        try tree.write("docs/man/wirewatch.1", ".TH WIREWATCH 1\n")
        try tree.write("docs/man/wirewatch-query.1", ".TH WIREWATCH-QUERY 1\n")
        try tree.write("completions/wirewatch.bash", "complete -F _wirewatch wirewatch\n")
        try tree.write("completions/_wirewatch", "#compdef wirewatch\n")
        try tree.write("completions/wirewatch.fish", "complete -c wirewatch\n")
        let root = try TemporaryFolder("destdir")
        let result = try run(
            tree.path("scripts/install.sh"), [],
            environment: ["DESTDIR": root.url.path, "PREFIX": "/usr/local", "BIN_DIR": Paths.binDirectory.path])
        #expect(result.status == 0, "install.sh: \(result.stderr)")
        let installed = Set(files(under: root.url))
        for file in [
            "usr/local/share/man/man1/wirewatch.1", "usr/local/share/man/man1/wirewatch-query.1",
            "usr/local/share/bash-completion/completions/wirewatch", "usr/local/share/zsh/site-functions/_wirewatch",
            "usr/local/share/fish/vendor_completions.d/wirewatch.fish",
            "usr/local/share/bash-completion/completions/wirewatchd", "usr/local/lib/systemd/system/wirewatch.service",
        ] {
            #expect(installed.contains(file), "missing \(file); installed: \(installed.sorted())")
        }
        let unit = try String(
            contentsOfFile: root.path("usr/local/lib/systemd/system/wirewatch.service"), encoding: .utf8)
        #expect(unit.contains("ExecStart=/usr/local/bin/wirewatchd --config /etc/wirewatch/wirewatch.conf"))
        let removed = try run(
            tree.path("scripts/uninstall.sh"), [], environment: ["DESTDIR": root.url.path, "PREFIX": "/usr/local"])
        #expect(removed.status == 0)
        #expect(files(under: root.url).isEmpty, "left behind: \(files(under: root.url))")
    }

    /// The installed units, with ExecStart pointing at the binary installed under DESTDIR so
    /// `systemd-analyze verify` finds it.
    @Test func unitsVerifyAndScoreSafe() throws {
        let root = try TemporaryFolder("destdir")
        #expect(try install(into: root).status == 0)
        let units = try TemporaryFolder("units")
        let daemon = root.path("usr/bin/wirewatchd")
        for (source, name) in [
            ("wirewatch.service", "wirewatch.service"), ("wirewatch@.service", "wirewatch@.service"),
            ("wirewatch@.service", "wirewatch@newsroom.service"),
        ] {
            let text = try String(contentsOfFile: root.path("usr/lib/systemd/system/\(source)"), encoding: .utf8)
            let unit = try units.write(name, text.replacingOccurrences(of: "/usr/bin/wirewatchd", with: daemon))
            let verify = try run("/usr/bin/systemd-analyze", ["verify", unit], in: units.url)
            #expect(verify.status == 0, "verify \(name): \(verify.stderr)")
            #expect(verify.stderr.isEmpty, "verify \(name) complained: \(verify.stderr)")

            let security = try run(
                "/usr/bin/systemd-analyze", ["security", "--offline=true", "--no-pager", unit], in: units.url)
            let score = Self.exposure(security.stdout)
            #expect(score != nil, "no score in: \(security.stdout.suffix(300))")
            #expect((score ?? 10) <= 1.0, "\(name) scores \(score ?? -1)")
            #expect(security.stdout.contains("SAFE"))
        }
        // The shipper needs the network (for PostgreSQL only), so it scores a little higher; its
        // password comes in as a credential, never on the command line or in the environment.
        let shipText = try String(
            contentsOfFile: root.path("usr/lib/systemd/system/wirewatch-ship.service"), encoding: .utf8)
        #expect(shipText.contains("After=wirewatch.service"))
        #expect(shipText.contains("LoadCredential=pgpassword:/etc/wirewatch/pgpassword"))
        #expect(!shipText.lowercased().contains("password="))
        let shipUnit = try units.write(
            "wirewatch-ship.service",
            shipText.replacingOccurrences(of: "/usr/bin/wirewatch ship", with: root.path("usr/bin/wirewatch") + " ship")
        )
        let shipVerify = try run("/usr/bin/systemd-analyze", ["verify", shipUnit], in: units.url)
        #expect(shipVerify.status == 0, "verify wirewatch-ship.service: \(shipVerify.stderr)")
        #expect(shipVerify.stderr.isEmpty, "verify wirewatch-ship.service complained: \(shipVerify.stderr)")
        let shipSecurity = try run(
            "/usr/bin/systemd-analyze", ["security", "--offline=true", "--no-pager", shipUnit], in: units.url)
        let shipScore = Self.exposure(shipSecurity.stdout)
        #expect(shipScore != nil && shipScore! <= 1.5, "wirewatch-ship.service scores \(shipScore ?? -1)")
        // The units as kept in the repository score the same.
        for name in ["wirewatch.service", "wirewatch@.service"] {
            let unit = Paths.root.appendingPathComponent("systemd/\(name)").path
            let security = try run("/usr/bin/systemd-analyze", ["security", "--offline=true", "--no-pager", unit])
            #expect((Self.exposure(security.stdout) ?? 10) <= 1.0)
        }
    }

    /// The number in "Overall exposure level for NAME: 0.2 SAFE".
    static func exposure(_ output: String) -> Double? {
        guard let line = output.split(separator: "\n").last(where: { $0.contains("Overall exposure level") }),
            let colon = line.lastIndex(of: ":")
        else { return nil }
        let words = line[line.index(after: colon)...].split(separator: " ")
        return words.first.flatMap { Double($0) }
    }
}
