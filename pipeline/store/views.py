"""The store's views: aggregates rebuilt from the tables by SQL, never stored.

`counts_effective` applies reviewers' decisions; `facts` and `aggregates` build on it."""

VIEWS = {
    # the newest decision on each flag
    "latest_decisions": """
        SELECT d.* FROM decisions d
        WHERE d.seq = (SELECT max(seq) FROM decisions x WHERE x.target_id = d.target_id)""",
    # flags with the status a reviewer sees
    "flag_status": """
        SELECT f.*, ld.action AS decision, ld.value AS decision_value,
               ld.reviewer AS decision_reviewer, ld.note AS decision_note,
               ld.created AS decision_created,
               CASE WHEN f.status = 'gone' THEN 'gone'
                    WHEN ld.action = 'reject' THEN 'dismissed'
                    WHEN ld.action IN ('accept', 'correct') THEN 'resolved'
                    ELSE 'open' END AS effective_status
        FROM flags f LEFT JOIN latest_decisions ld ON ld.target_id = f.id""",
    # for each count a correction applies to, the newest correcting decision
    "count_corrections": """
        SELECT fc.doc, fc.count_id, ld.value, ld.target_id AS flag_id, ld.reviewer, ld.note,
               ld.created, ld.seq
        FROM flag_counts fc
        JOIN flags f ON f.id = fc.flag_id AND f.status != 'gone'
        JOIN latest_decisions ld ON ld.target_id = fc.flag_id AND ld.action = 'correct'
        WHERE fc.applies = 1 AND ld.seq = (
            SELECT max(l2.seq) FROM flag_counts f2
            JOIN flags g ON g.id = f2.flag_id AND g.status != 'gone'
            JOIN latest_decisions l2 ON l2.target_id = f2.flag_id AND l2.action = 'correct'
            WHERE f2.applies = 1 AND f2.doc = fc.doc AND f2.count_id = fc.count_id)""",
    # every count with its document and its effective value (decisions applied)
    "counts_effective": """
        SELECT d.file, d.kind AS doc_kind, d.period_year AS year, d.period_half AS half,
               d.district, d.province, c.*,
               coalesce(k.value, c.value) AS effective_value,
               k.flag_id AS decision_flag, k.reviewer AS decision_reviewer,
               k.note AS decision_note, k.created AS decision_created
        FROM counts c JOIN documents d ON d.path = c.doc AND d.status = 'ok'
        LEFT JOIN count_corrections k ON k.doc = c.doc AND k.count_id = c.id""",
    # one row per fact; disputed when its statements (after decisions) disagree; a target
    # for the next period (qualifiers_planned) is a fact of its own, never the period's
    "facts": """
        SELECT year, half, district, indicator, level, unit, scope, body, qualifiers_kind,
               qualifiers_phase, qualifiers_session, qualifiers_bound, qualifiers_planned,
               CASE WHEN count(DISTINCT effective_value) = 1 THEN min(effective_value) END
                   AS value,
               count(DISTINCT effective_value) > 1 AS disputed,
               group_concat(DISTINCT effective_value) AS values_stated,
               count(*) AS statements,
               group_concat(file || '#' || evidence_part || ':' || evidence_block || ':'
                            || evidence_start || '-' || evidence_end, ' | ') AS sources
        FROM counts_effective
        GROUP BY year, half, district, indicator, level, unit, scope, body, qualifiers_kind,
                 qualifiers_phase, qualifiers_session, qualifiers_bound, qualifiers_planned""",
    # per district, period and indicator: the communes' own figures added up, beside the
    # district summary's per-commune figures added up and its figure for all its communes
    # ("cấp xã: 12"); targets for the next period left out
    "aggregates": """
        WITH per_unit AS (
            SELECT doc_kind, year, half, district, indicator, qualifiers_kind,
                   qualifiers_phase, qualifiers_session, unit, max(effective_value) AS value,
                   group_concat(DISTINCT file) AS files
            FROM counts_effective
            WHERE level = 'commune' AND scope = 'unit' AND body IS NULL
              AND qualifiers_bound IS NULL AND qualifiers_planned IS NULL
              AND doc_kind IN ('commune_report', 'district_summary')
            GROUP BY doc_kind, year, half, district, indicator, qualifiers_kind,
                     qualifiers_phase, qualifiers_session, unit),
        summed AS (
            SELECT year, half, district, indicator, qualifiers_kind, qualifiers_phase,
                   qualifiers_session,
                   sum(CASE WHEN doc_kind = 'commune_report' THEN value END) AS communes_sum,
                   count(CASE WHEN doc_kind = 'commune_report' THEN 1 END)
                       AS communes_reporting,
                   sum(CASE WHEN doc_kind = 'district_summary' THEN value END)
                       AS summary_list_sum,
                   count(CASE WHEN doc_kind = 'district_summary' THEN 1 END)
                       AS summary_list_units,
                   group_concat(files, ' | ') AS files
            FROM per_unit
            GROUP BY year, half, district, indicator, qualifiers_kind, qualifiers_phase,
                     qualifiers_session),
        stated AS (
            SELECT year, half, district, indicator, qualifiers_kind, qualifiers_phase,
                   qualifiers_session, max(effective_value) AS summary_value,
                   group_concat(file || '#' || evidence_part || ':' || evidence_block || ':'
                                || evidence_start || '-' || evidence_end, ' | ')
                       AS summary_sources
            FROM counts_effective
            WHERE doc_kind = 'district_summary' AND level = 'commune' AND scope = 'sum'
              AND body IS NULL AND qualifiers_bound IS NULL AND qualifiers_planned IS NULL
            GROUP BY year, half, district, indicator, qualifiers_kind, qualifiers_phase,
                     qualifiers_session)
        SELECT s.*, t.summary_value, t.summary_sources,
               CASE WHEN t.summary_value IS NULL OR s.communes_sum IS NULL THEN NULL
                    ELSE t.summary_value = s.communes_sum END AS agrees
        FROM summed s LEFT JOIN stated t
          ON t.year IS s.year AND t.half IS s.half AND t.district IS s.district
         AND t.indicator = s.indicator AND t.qualifiers_kind IS s.qualifiers_kind
         AND t.qualifiers_phase IS s.qualifiers_phase
         AND t.qualifiers_session IS s.qualifiers_session""",
}
