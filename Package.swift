// swift-tools-version:6.0
import PackageDescription

/// Release links search link/ first for libraries: its libstdc++.so is a linker script naming
/// GCC's static libstdc++.a. The toolchain's -static-stdlib arguments ask for -lstdc++ (a dynamic
/// libstdc++ otherwise): loading and relocating it was ~0.75 ms of the ~3.3 ms a `wirewatch extract` of
/// one short file took (41 interleaved pinned runs: median 3.32 -> 2.56 ms of CPU).
let staticLibstdcxx = ["-L" + String(#filePath.dropLast("Package.swift".count)) + "link"]

/// The release link of an executable: the Swift runtime (and with `foundation`, Foundation's static
/// parts, which SwiftPM's --static-swift-stdlib would name when it compiles every module for it) linked
/// in by lld, no exported symbols, relative relocations packed, libstdc++ static. wirewatch-full says why.
func releaseLink(foundation: Bool) -> [LinkerSetting] {
    let foundationParts = ["-l_FoundationICU", "-lCoreFoundation", "-l_FoundationCShims", "-l_FoundationCollections"]
    return [
        .unsafeFlags(
            ["-static-stdlib", "-use-ld=lld", "-lswiftSynchronization"] + (foundation ? foundationParts : [])
                + ["-Xlinker", "--no-export-dynamic", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"]
                + staticLibstdcxx,
            .when(configuration: .release)
        )
    ]
}

let package = Package(
    name: "wirewatch",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "wirewatchd", targets: ["wirewatchd"]),
        .executable(name: "wirewatch", targets: ["wirewatch"]),
        .executable(name: "wirewatch-full", targets: ["wirewatch-full"]),
        .library(name: "Extraction", targets: ["Extraction"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .target(name: "CInotify"),
        .target(name: "CSHA256"),
        .target(name: "CProcess"),
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev", "pkg-config"])]
        ),
        // libxml2's headers only: the library itself is loaded with dlopen at the first web page
        // (Sources/CLibXML2/shim.h), so no pkg-config here (it would link -lxml2 into every binary,
        // and load libxml2, ICU, zlib and lzma at every start, ~1 ms); HTML adds the include path.
        .systemLibrary(
            name: "CLibXML2",
            providers: [.apt(["libxml2-dev"])]
        ),
        // Generated tables (word knowledge, world gazetteer, tagger weights) embedded with #embed.
        .target(name: "CKnowledge", exclude: ["data"]),
        .target(name: "Extraction", dependencies: ["CKnowledge"]),
        .target(
            name: "HTML", dependencies: ["CLibXML2"],
            swiftSettings: [.unsafeFlags(["-Xcc", "-I/usr/include/libxml2"])]
        ),
        .target(
            name: "Store",
            dependencies: [
                "CSHA256",
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .target(
            name: "Articles",
            dependencies: [
                "CProcess", "Extraction", "HTML", "Store",
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .target(
            name: "Ingest",
            dependencies: [
                "Articles", "CInotify", "CSystemd", "Extraction", "Store",
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The PostgreSQL side (schema, shipping, reading back): only the `wirewatch` tool links it.
        .target(
            name: "Warehouse",
            dependencies: [
                "Store",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .executableTarget(
            name: "wirewatchd",
            dependencies: [
                "Articles", "Ingest", "Store", "Extraction",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // Release: linked as wirewatch-full is (swift-log and ServiceLifecycle bring Foundation in).
            // With the Swift runtime a shared library, every retain, release and swift_once of the
            // extractor went through the PLT, and start-up paid for loading a dozen libraries: linked
            // in, a burst of 5,000 seed articles takes ~10 % less CPU per article (5 interleaved runs
            // each: median 2,747 -> 3,106 articles per CPU-second), READY=1 comes ~2.5 ms sooner and
            // the idle daemon's RSS is 13.3 MiB instead of 17.0.
            linkerSettings: releaseLink(foundation: true)
        ),
        // `wirewatch`: runs a plain `extract` itself and hands every other command to `wirewatch-full`
        // (Sources/wirewatch-front/main.swift says why). Release: linked as wirewatch-full is, without
        // Foundation (nothing here needs it).
        .executableTarget(
            name: "wirewatch",
            dependencies: ["Articles", "Extraction"],
            path: "Sources/wirewatch-front",
            linkerSettings: releaseLink(foundation: false)
        ),
        .executableTarget(
            name: "wirewatch-full",
            dependencies: [
                "Articles", "Store", "Extraction", "Warehouse",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            path: "Sources/wirewatch",
            // Release: the Swift runtime and Foundation linked in statically (Foundation comes with
            // PostgresNIO). Dynamic loading cost `wirewatch extract` ~3 ms of CPU
            // at every start (symbol look-ups and relocations in a dozen libraries). The static
            // Foundation needs its own parts named (SwiftPM's --static-swift-stdlib names them
            // when it compiles every module for it), and lld, which finds archive members in any
            // order and does not repeat glibc's link-time note about mktemp in Foundation.
            // --no-export-dynamic: the executable exports none of its 32,000 symbols (nothing looks
            // them up; the dynamic linker's and dladdr's scans of them cost ~0.3 ms at every start).
            // -z pack-relative-relocs: the 122,000 relative relocations of the position-independent
            // executable as a 22 KB RELR table instead of a 2.7 MB RELA one (glibc 2.36, Debian 12,
            // reads it): the dynamic linker's start-up work 2.5 M -> 0.5 M cycles, ~0.25 ms a run.
            linkerSettings: releaseLink(foundation: true)
        ),
        .executableTarget(
            name: "wirewatch-train",
            dependencies: ["Extraction"]
        ),
        .executableTarget(
            name: "wirewatch-bench",
            dependencies: [
                "Articles", "HTML", "Store", "Ingest", "Extraction",
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .executableTarget(
            name: "wirewatch-reliability",
            dependencies: [
                "Store",
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .testTarget(name: "StoreTests", dependencies: ["Store"]),
        .testTarget(name: "ExtractionTests", dependencies: ["Extraction"]),
        .testTarget(name: "HTMLTests", dependencies: ["HTML"], exclude: ["Pages"]),
        .testTarget(
            name: "IngestTests",
            dependencies: ["Articles", "Ingest", "Store", "CInotify"]
        ),
        .testTarget(name: "DaemonTests", dependencies: ["Store"]),
        .testTarget(name: "WirewatchTests", dependencies: ["Store"]),
        .testTarget(name: "ReliabilityTests", dependencies: ["Store"]),
        .testTarget(name: "OperationsTests"),
        .testTarget(name: "WarehouseTests", dependencies: ["Warehouse"]),
    ]
)
