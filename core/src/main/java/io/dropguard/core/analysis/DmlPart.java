package io.dropguard.core.analysis;

import java.util.List;

/**
 * One table whose rows a statement deletes or updates, with the condition that decides which rows.
 *
 * @param form which kind of DML, and where it sits
 * @param target the table whose rows go or change
 * @param where the condition that must restrict the target's rows (WHERE and inner-join ON conditions; for a
 *     MERGE matched DELETE its AND condition), or null when there is none
 * @param whereText how the condition reads, for messages; null when there is none
 * @param others the other tables the condition may read (USING, FROM, joins, MERGE source), as written
 * @param limit the LIMIT/TOP/FETCH text when the statement caps its row count, else null
 * @param positioned whether it is {@code WHERE CURRENT OF cursor}: exactly one row
 */
record DmlPart(
    Form form,
    ObjectName target,
    Predicate where,
    String whereText,
    List<String> others,
    String limit,
    boolean positioned) {
  DmlPart {
    others = List.copyOf(others);
  }

  enum Form {
    DELETE(StatementKind.DELETE_ALL, "DELETE"),
    UPDATE(StatementKind.UPDATE_ALL, "UPDATE"),
    MERGE_DELETE(StatementKind.DELETE_ALL, "MERGE ... WHEN MATCHED THEN DELETE"),
    MERGE_UPDATE(StatementKind.UPDATE_ALL, "MERGE ... WHEN MATCHED THEN UPDATE");

    final StatementKind kind;
    final String words;

    Form(StatementKind kind, String words) {
      this.kind = kind;
      this.words = words;
    }
  }
}
