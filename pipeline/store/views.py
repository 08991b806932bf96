"""The store's views: what the data says once reviewers' decisions are applied, rebuilt from
the tables by SQL, never stored.

`facts` and `aggregates` follow the map of each document's period (`documents.map`): a
district's communes before 1 July 2025, a province's from then on (district NULL); figures a
report gives for the former units (`qualifiers_former`) are facts of their own and no part of
the period's aggregates.

Which value counts is decided here and nowhere else:
- a flag's decision in force is its latest decision, or, when that is an undo, the one the
  undo restores (`decisions_in_force`); it changes data only while its flag is not gone and
  the flag's values are still those it was made on (`decisions_effective`): a decision on
  figures that changed since is stale, its flag open again, and nothing of it applied;
- a document's decision in force is found the same way (`document_decisions_in_force`); it
  gives the document's commune and district by hand and whether it is superseded
  (`documents_effective`);
- `counts_effective` holds every count that counts, with `effective_value` and
  `effective_unit`: counts of superseded documents, and figures a reviewer left out
  (`exclude`), are not in it; a correction or a chosen figure sets `effective_value`
  (the newest decision in force per count wins); a commune assigned to a figure
  (`assign_unit`) or to its document sets `effective_unit`.
`facts`, `aggregates`, `references_effective` and whatever reads the cleaned data build on
these views only. Every join is on a key or on a subquery SQLite materialises once and
indexes itself, so the views are linear in the size of the store (100,000 counts:
bench/review_bench.py). A query that groups `counts_effective` reads it through a
MATERIALIZED CTE, as `facts` does: SQLite then plans the view as a query of its own, with
those automatic indexes, instead of scanning a subquery once per count.
"""

# The decision in force on a target among rows of `table` keyed by `key`: the latest, or
# the one an undo restores (NULL columns: an undo restored nothing, as read).
_IN_FORCE = """
    SELECT l.{key}, l.seq AS latest_seq, {columns}
    FROM (SELECT {key}, max(seq) AS seq FROM {table} GROUP BY {key}) l
    JOIN {table} x ON x.seq = l.seq
    LEFT JOIN {table} d ON d.seq = CASE WHEN x.action = 'undo' THEN x.restores ELSE x.seq END"""

_DECISION_COLUMNS = ("seq", "action", "value", "count_id", "date", "document", "unit",
                     "district", "reason", "state", "reviewer", "note", "created")
_DOCUMENT_COLUMNS = ("seq", "action", "unit", "district", "superseded", "superseded_by",
                     "flag_id", "reviewer", "note", "created")

VIEWS = {
    # each flagged target's decision in force (see the module's docstring)
    "decisions_in_force": _IN_FORCE.format(
        key="target_id", table="decisions",
        columns=", ".join(f"d.{c}" for c in _DECISION_COLUMNS)),
    # flags with the status a reviewer sees: open when no decision is in force or when it
    # was made on other values (stale)
    "flag_status": """
        SELECT f.*, e.action AS decision, e.value AS decision_value,
               e.reviewer AS decision_reviewer, e.note AS decision_note,
               e.created AS decision_created, e.seq AS decision_seq, e.latest_seq,
               coalesce(e.state IS NOT NULL AND e.state != f."values", 0) AS decision_stale,
               CASE WHEN f.status = 'gone' THEN 'gone'
                    WHEN e.action IS NULL OR (e.state IS NOT NULL AND e.state != f."values")
                        THEN 'open'
                    WHEN e.action = 'reject' THEN 'dismissed'
                    ELSE 'resolved' END AS effective_status
        FROM flags f LEFT JOIN decisions_in_force e ON e.target_id = f.id""",
    # the decisions that change data: in force, on a flag not gone, made on its values now
    "decisions_effective": """
        SELECT e.*, f.rule, f.district AS flag_district, f.period_year, f.period_half,
               f.unit AS flag_unit, f.indicator AS flag_indicator
        FROM decisions_in_force e JOIN flags f ON f.id = e.target_id
        WHERE f.status != 'gone' AND e.action IS NOT NULL
          AND (e.state IS NULL OR e.state = f."values")""",
    # per count, the newest effective decision giving it a value: a correction of that count
    # (count_id) or of the fact its flag is about (flag_counts.applies), or a chosen figure
    "count_values": """
        SELECT doc, count_id, value, flag_id, reviewer, note, created FROM (
            SELECT fc.doc, fc.count_id, e.value, e.target_id AS flag_id, e.reviewer, e.note,
                   e.created, row_number() OVER (PARTITION BY fc.doc, fc.count_id
                                                 ORDER BY e.seq DESC) AS n
            FROM decisions_effective e
            JOIN flag_counts fc ON fc.flag_id = e.target_id
             AND CASE WHEN e.count_id IS NULL THEN fc.applies = 1
                      ELSE fc.count_id = e.count_id END
            WHERE e.action IN ('correct', 'choose') AND e.value IS NOT NULL)
        WHERE n = 1""",
    # per count, the newest effective decision on whom it is about: a commune (assign_unit)
    # or no commune of the district (exclude: left out)
    "count_units": """
        SELECT doc, count_id, unit, excluded, flag_id, reviewer, note, created FROM (
            SELECT fc.doc, fc.count_id, e.unit, e.action = 'exclude' AS excluded,
                   e.target_id AS flag_id, e.reviewer, e.note, e.created,
                   row_number() OVER (PARTITION BY fc.doc, fc.count_id
                                      ORDER BY e.seq DESC) AS n
            FROM decisions_effective e
            JOIN flag_counts fc ON fc.flag_id = e.target_id AND fc.applies = 1
            WHERE e.action IN ('assign_unit', 'exclude'))
        WHERE n = 1""",
    # each decided document's decision in force
    "document_decisions_in_force": _IN_FORCE.format(
        key="document", table="document_decisions",
        columns=", ".join(f"d.{c}" for c in _DOCUMENT_COLUMNS)),
    # every document with what reviewers decided about it: commune and district given by
    # hand, superseded by another version
    "documents_effective": """
        SELECT d.*, k.unit AS assigned_unit, k.district AS assigned_district,
               coalesce(k.unit, d.unit) AS effective_unit,
               coalesce(k.district, d.district) AS effective_district,
               CASE WHEN k.unit IS NOT NULL AND d.kind = 'other' THEN 'commune_report'
                    ELSE d.kind END AS effective_kind,
               coalesce(k.superseded, 0) AS superseded, k.superseded_by,
               k.action AS decision, k.reviewer AS decision_reviewer,
               k.note AS decision_note, k.created AS decision_created
        FROM documents d
        LEFT JOIN document_decisions_in_force k ON k.document = d.sha256""",
    # every count that counts, with its document and its effective value and unit
    "counts_effective": """
        SELECT d.file, d.effective_kind AS doc_kind, d.period_year AS year,
               d.period_half AS half, d.effective_district AS district, d.province, d.map,
               c.*,
               CASE WHEN u.unit IS NOT NULL THEN u.unit
                    WHEN d.assigned_unit IS NOT NULL AND c.level = 'commune'
                         AND c.scope = 'unit'
                         AND (d.unit IS NULL OR c.unit = d.unit OR c.unit = '')
                        THEN d.assigned_unit
                    ELSE c.unit END AS effective_unit,
               coalesce(v.value, c.value) AS effective_value,
               v.flag_id AS decision_flag, v.reviewer AS decision_reviewer,
               v.note AS decision_note, v.created AS decision_created,
               u.flag_id AS unit_decision_flag
        FROM counts c
        JOIN documents_effective d ON d.path = c.doc AND d.status = 'ok' AND d.superseded = 0
        LEFT JOIN count_values v ON v.doc = c.doc AND v.count_id = c.id
        LEFT JOIN count_units u ON u.doc = c.doc AND u.count_id = c.id
        WHERE u.excluded IS NOT 1""",
    # one row per fact; disputed when its statements (after decisions) disagree; a target
    # for the next period (qualifiers_planned) is a fact of its own, never the period's
    "facts": """
        WITH ce AS MATERIALIZED (SELECT * FROM counts_effective)
        SELECT year, half, district, max(province) AS province, indicator, level,
               effective_unit AS unit, scope, body, qualifiers_kind, qualifiers_phase,
               qualifiers_session, qualifiers_bound, qualifiers_planned, qualifiers_former,
               CASE WHEN count(DISTINCT effective_value) = 1 THEN min(effective_value) END
                   AS value,
               count(DISTINCT effective_value) > 1 AS disputed,
               group_concat(DISTINCT effective_value) AS values_stated,
               count(*) AS statements,
               group_concat(file || '#' || evidence_part || ':' || evidence_block || ':'
                            || evidence_start || '-' || evidence_end, ' | ') AS sources
        FROM ce
        GROUP BY year, half, district, CASE WHEN map = 'new' THEN province END, indicator,
                 level, effective_unit, scope, body, qualifiers_kind, qualifiers_phase,
                 qualifiers_session, qualifiers_bound, qualifiers_planned,
                 qualifiers_former""",
    # communes a reviewer marked as owing no report (indicator NULL) or no figure of one
    # indicator for a district and period, and why
    "units_not_expected": """
        SELECT flag_district AS district, period_year AS year, period_half AS half,
               flag_unit AS unit, flag_indicator AS indicator, reason,
               target_id AS flag_id, reviewer, note, created
        FROM decisions_effective WHERE action = 'not_expected'""",
    # per district, period and indicator: the communes' own figures added up, beside the
    # district summary's per-commune figures added up and its figure for all its communes
    # ("cấp xã: 12"); targets for the next period left out. A commune whose figures still
    # disagree after decisions leaves the sum NULL (its range in communes_low/high, its name
    # in communes_disputed): no figure is picked for it; so does a summary stating two; communes
    # marked as owing none
    "aggregates": """
        WITH ce AS MATERIALIZED (SELECT * FROM counts_effective),
        per_unit AS (
            SELECT doc_kind, year, half, district,
                   CASE WHEN map = 'new' THEN province END AS province, indicator,
                   qualifiers_kind, qualifiers_phase, qualifiers_session,
                   effective_unit AS unit,
                   CASE WHEN count(DISTINCT effective_value) = 1 THEN min(effective_value) END
                       AS value,
                   min(effective_value) AS low, max(effective_value) AS high,
                   count(DISTINCT effective_value) > 1 AS disputed,
                   group_concat(DISTINCT file) AS files
            FROM ce
            WHERE level = 'commune' AND scope = 'unit' AND body IS NULL
              AND qualifiers_bound IS NULL AND qualifiers_planned IS NULL
              AND qualifiers_former IS NULL
              AND doc_kind IN ('commune_report', 'district_summary', 'province_summary')
            GROUP BY doc_kind, year, half, district, 5, indicator, qualifiers_kind,
                     qualifiers_phase, qualifiers_session, effective_unit),
        summed AS (
            SELECT year, half, district, province, indicator, qualifiers_kind,
                   qualifiers_phase, qualifiers_session,
                   CASE WHEN max(doc_kind = 'commune_report' AND disputed) THEN NULL
                        ELSE sum(CASE WHEN doc_kind = 'commune_report' THEN value END) END
                       AS communes_sum,
                   sum(CASE WHEN doc_kind = 'commune_report' THEN low END) AS communes_low,
                   sum(CASE WHEN doc_kind = 'commune_report' THEN high END) AS communes_high,
                   group_concat(CASE WHEN doc_kind = 'commune_report' AND disputed
                                     THEN unit END, ', ') AS communes_disputed,
                   count(CASE WHEN doc_kind = 'commune_report' THEN 1 END)
                       AS communes_reporting,
                   CASE WHEN max(doc_kind != 'commune_report' AND disputed) THEN NULL
                        ELSE sum(CASE WHEN doc_kind != 'commune_report' THEN value END) END
                       AS summary_list_sum,
                   count(CASE WHEN doc_kind != 'commune_report' THEN 1 END)
                       AS summary_list_units,
                   group_concat(files, ' | ') AS files
            FROM per_unit
            GROUP BY year, half, district, province, indicator, qualifiers_kind,
                     qualifiers_phase, qualifiers_session),
        stated AS (
            SELECT year, half, district, CASE WHEN map = 'new' THEN province END AS province,
                   indicator, qualifiers_kind, qualifiers_phase, qualifiers_session,
                   CASE WHEN count(DISTINCT effective_value) = 1 THEN min(effective_value) END
                       AS summary_value,
                   group_concat(DISTINCT effective_value) AS summary_values,
                   group_concat(file || '#' || evidence_part || ':' || evidence_block || ':'
                                || evidence_start || '-' || evidence_end, ' | ')
                       AS summary_sources
            FROM ce
            WHERE doc_kind IN ('district_summary', 'province_summary') AND level = 'commune'
              AND scope = 'sum' AND body IS NULL AND qualifiers_bound IS NULL
              AND qualifiers_planned IS NULL AND qualifiers_former IS NULL
            GROUP BY year, half, district, 4, indicator, qualifiers_kind, qualifiers_phase,
                     qualifiers_session)
        SELECT s.*, t.summary_value, t.summary_values, t.summary_sources,
               CASE WHEN t.summary_value IS NULL OR s.communes_sum IS NULL THEN NULL
                    ELSE t.summary_value = s.communes_sum END AS agrees,
               (SELECT count(DISTINCT n.unit) FROM units_not_expected n
                WHERE n.district IS s.district AND n.year IS s.year AND n.half IS s.half
                  AND (n.indicator IS NULL OR n.indicator = s.indicator))
                   AS communes_not_expected
        FROM summed s LEFT JOIN stated t
          ON t.year IS s.year AND t.half IS s.half AND t.district IS s.district
         AND t.province IS s.province
         AND t.indicator = s.indicator AND t.qualifiers_kind IS s.qualifiers_kind
         AND t.qualifiers_phase IS s.qualifiers_phase
         AND t.qualifiers_session IS s.qualifiers_session""",
    # per cited reference (file, block, start of its evidence), the date a reviewer chose
    # on a reference_conflict flag naming it; the newest decision in force wins
    "reference_choices": """
        SELECT file, block, start, date, flag_id, reviewer, note, created FROM (
            SELECT json_extract(j.value, '$.document') AS file,
                   json_extract(j.value, '$.evidence.block') AS block,
                   json_extract(j.value, '$.evidence.start') AS start,
                   e.date, e.target_id AS flag_id, e.reviewer, e.note, e.created,
                   row_number() OVER (PARTITION BY json_extract(j.value, '$.document'),
                                      json_extract(j.value, '$.evidence.block'),
                                      json_extract(j.value, '$.evidence.start')
                                      ORDER BY e.seq DESC) AS n
            FROM decisions_effective e JOIN flags f ON f.id = e.target_id,
                 json_each(f.evidence) j
            WHERE e.action = 'choose' AND e.date IS NOT NULL)
        WHERE n = 1""",
    # every document reference with its effective date (a reviewer's choice applied)
    "references_effective": """
        SELECT d.file, d.period_year, d.period_half,
               d.effective_district AS district, r.*,
               coalesce(k.date, r.date) AS effective_date, k.flag_id AS decision_flag,
               k.reviewer AS decision_reviewer, k.note AS decision_note,
               k.created AS decision_created
        FROM "references" r
        JOIN documents_effective d ON d.path = r.doc AND d.status = 'ok' AND d.superseded = 0
        LEFT JOIN reference_choices k ON k.file = d.file AND k.block = r.evidence_block
             AND k.start = r.evidence_start""",
}
