import Extraction
import Store

/// The query for a name a person typed: the name, then every name the extractor treats as the
/// same thing; matched as `NameMatch` says (a word or run of words of an entity's name, or with
/// `exact` the whole name).
func nameQuery(_ name: String, exact: Bool) -> NameQuery {
    NameQuery(names: [name] + knownEquivalents(of: name), mode: exact ? .exact : .words)
}

/// The one place that asks the extractor for aliases.
private func knownEquivalents(of name: String) -> [String] {
    KnownNames.equivalents(of: name)
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
