package io.dropguard.core.analysis;

import java.util.List;

/**
 * One destructive thing a statement does.
 *
 * @param kind the kind of destruction
 * @param objectType what is destroyed, in words: {@code table}, {@code temporary table}, {@code index},
 *     {@code column}, {@code rows} ...; lets a policy or a person tell {@code DROP TEMPORARY TABLE} apart
 * @param targets the objects destroyed (tables whose rows go for DML), schema-qualified where written so
 * @param reason a sentence a person reads, such as "WHERE 1=1 is always true"
 */
public record Finding(StatementKind kind, String objectType, List<ObjectName> targets, String reason) {
  public Finding {
    targets = List.copyOf(targets);
  }
}
