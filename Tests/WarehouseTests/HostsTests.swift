import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Two hosts, each a network namespace with its own veth link, host name, daemon, store and
/// shipper; one PostgreSQL on the machine they share. (Without the privilege to make
/// namespaces, the two run side by side with distinct --origin.)
@Suite(.serialized)
struct HostsTests {
    struct Host {
        var name: String
        var namespace: String?
        var serverAddress: String
        /// The command that runs a binary "on" this host.
        var launcher: [String]
    }

    static func namespacesWork() -> Bool {
        guard getuid() == 0,
            FileManager.default.isExecutableFile(atPath: "/usr/bin/ip")
                || FileManager.default.isExecutableFile(atPath: "/sbin/ip")
        else { return false }
        // A namespace and a veth pair (a container may allow the one and not the other).
        let probe = "ww-probe-\(UUID().uuidString.prefix(6).lowercased())"
        guard (try? PostgresCluster.run(ip, ["netns", "add", probe])) != nil else { return false }
        defer { try? PostgresCluster.run(ip, ["netns", "del", probe]) }
        let link = "wwq\(UUID().uuidString.prefix(6).lowercased())"
        guard (try? PostgresCluster.run(ip, ["link", "add", link, "type", "veth", "peer", "name", link + "p"])) != nil
        else { return false }
        try? PostgresCluster.run(ip, ["link", "del", link])
        return FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")
    }

    static var ip: String { FileManager.default.isExecutableFile(atPath: "/usr/bin/ip") ? "/usr/bin/ip" : "/sbin/ip" }

    /// Makes host `index`: namespace, veth pair 10.(200+index).N.0/30, loopback up.
    static func makeHost(_ index: Int, tag: String, subnet: Int) throws -> Host {
        let name = "host-\(index == 0 ? "a" : "b")-\(tag)"
        let ns = "ww-\(index)-\(tag)"
        let outside = "wwv\(index)\(tag)"
        let inside = "wwp\(index)\(tag)"
        let net = "10.\(200 + index).\(subnet)"
        try PostgresCluster.run(ip, ["netns", "add", ns])
        try PostgresCluster.run(ip, ["link", "add", outside, "type", "veth", "peer", "name", inside])
        try PostgresCluster.run(ip, ["link", "set", inside, "netns", ns])
        try PostgresCluster.run(ip, ["addr", "add", "\(net).1/30", "dev", outside])
        try PostgresCluster.run(ip, ["link", "set", outside, "up"])
        try PostgresCluster.run(ip, ["netns", "exec", ns, ip, "addr", "add", "\(net).2/30", "dev", inside])
        try PostgresCluster.run(ip, ["netns", "exec", ns, ip, "link", "set", inside, "up"])
        try PostgresCluster.run(ip, ["netns", "exec", ns, ip, "link", "set", "lo", "up"])
        return Host(
            name: name, namespace: ns, serverAddress: "\(net).1",
            launcher: [
                ip, "netns", "exec", ns, "/usr/bin/unshare", "--uts", "/bin/sh", "-c",
                "hostname \(name) && exec \"$0\" \"$@\"",
            ])
    }

    @Test func twoDaemonsOnTwoHostsShipIntoOneDatabaseEachRecordOnceNamingItsOrigin() throws {
        let tag = String(UUID().uuidString.prefix(4).lowercased())
        let subnet = Int.random(in: 1...250)
        var hosts: [Host] = []
        let cluster: PostgresCluster
        if Self.namespacesWork() {
            do {
                hosts = [
                    try Self.makeHost(0, tag: tag, subnet: subnet), try Self.makeHost(1, tag: tag, subnet: subnet),
                ]
            } catch {
                for host in hosts {
                    if let ns = host.namespace { try? PostgresCluster.run(Self.ip, ["netns", "del", ns]) }
                }
                throw error
            }
            cluster = try PostgresCluster(
                listen: hosts.map(\.serverAddress), trust: hosts.map { "\($0.serverAddress)/30" })
        } else {
            hosts = [
                Host(name: "host-a-\(tag)", serverAddress: "127.0.0.1", launcher: []),
                Host(name: "host-b-\(tag)", serverAddress: "127.0.0.1", launcher: []),
            ]
            cluster = try PostgresCluster()
        }
        defer {
            cluster.remove()
            for host in hosts {
                if let ns = host.namespace { try? PostgresCluster.run(Self.ip, ["netns", "del", ns]) }
            }
        }
        try cluster.start()
        let db = try cluster.makeDatabase("hosts")
        // Host a: the seeds and 20 more; host b: 40 others (other names, so other ids).
        let sites = [try Site(), try Site(seeds: false)]
        try sites[0].drop(20, prefix: "a")
        try sites[1].drop(40, prefix: "b")
        var daemons: [Child] = []
        var shippers: [Child] = []
        for (host, site) in zip(hosts, sites) {
            daemons.append(
                try Child(
                    ["--inbox", site.inbox.path, "--store", site.store.path], binary: "wirewatchd",
                    launcher: host.launcher))
            var arguments = [
                "ship", "--to", cluster.url(database: db, host: host.serverAddress), "--store", site.store.path,
            ]
            if host.namespace == nil { arguments += ["--origin", host.name] }
            shippers.append(try Child(arguments, launcher: host.launcher))
        }
        #expect(
            eventually(timeout: 60) {
                (try? cluster.count(db, "SELECT count(*) FROM wirewatch.articles")) == 65
            }, "\(shippers.map(\.stderr))")
        for shipper in shippers { shipper.signal(SIGTERM) }
        for daemon in daemons { daemon.signal(SIGTERM) }
        for shipper in shippers {
            #expect(shipper.wait(timeout: 10))
            #expect(shipper.process.terminationStatus == 0, "\(shipper.stderr)")
        }
        for daemon in daemons { _ = daemon.wait(timeout: 10) }
        #expect(sites[0].lines.count == 25)
        #expect(sites[1].lines.count == 40)
        let origins = try cluster.psql(
            db, "SELECT origin, count(*) FROM wirewatch.articles GROUP BY origin ORDER BY origin")
        #expect(origins == "\(hosts[0].name)|25\n\(hosts[1].name)|40")
        #expect(try cluster.count(db, "SELECT count(DISTINCT id) FROM wirewatch.articles") == 65)
        #expect(try cluster.count(db, "SELECT count(*) FROM wirewatch.positions") == 2)
        if hosts[0].namespace != nil {
            // They really came over the veth links, from the hosts' own addresses.
            let log = cluster.serverLog
            for host in hosts {
                let client = host.serverAddress.dropLast() + "2"
                #expect(log.contains("connection received: host=\(client)"), "\(log.suffix(2000))")
            }
        }
    }
}
