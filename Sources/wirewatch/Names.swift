import Extraction
import Store

/// Every name the extractor treats as the same thing as `name` (including `name`), for
/// `--entity` and `related`.
func equivalentNames(of name: String) -> [String] {
    var names = knownEquivalents(of: name)
    if !names.contains(where: { $0.lowercased() == name.lowercased() }) { names.append(name) }
    return names
}

/// The one place that asks the extractor for aliases.
private func knownEquivalents(of name: String) -> [String] {
    KnownNames.equivalents(of: name)
}

/// Case-insensitive matching of entities against a set of names.
struct NameSet {
    let names: [String]
    private let lowered: Set<String>

    init(_ name: String) {
        names = equivalentNames(of: name)
        lowered = Set(names.map { $0.lowercased() })
    }

    func matches(_ entity: Record.Entity) -> Bool {
        lowered.contains(entity.text.lowercased()) || lowered.contains(entity.canonical.lowercased())
    }
}

/// Entity types that are quantities and times rather than names; left out of rankings unless
/// asked for.
let quantityTypes: Set<String> = ["DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"]

/// The entity types a `--type` value may take.
let entityTypes = EntityType.allCases.map(\.rawValue)

/// Validates and normalises a `--type` value.
func entityType(_ value: String) throws -> String {
    let upper = value.uppercased()
    guard entityTypes.contains(upper) else {
        throw Failure("unknown entity type \"\(value)\"; use one of \(entityTypes.joined(separator: ", "))")
    }
    return upper
}

/// Whether an entity counts in a ranking: not boilerplate, of the type asked for, and not a
/// quantity unless `allTypes` or the type asks for one.
func rankable(_ entity: Record.Entity, type: String?, allTypes: Bool) -> Bool {
    guard !entity.boilerplate else { return false }
    if let type { return entity.type == type }
    return allTypes || !quantityTypes.contains(entity.type)
}
