"""The `baocao` command: parse options, call one pipeline function, print its result."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from schemas.errors import PipelineError

LANGS = click.Choice(["vi", "en"])


def _fail(err: PipelineError) -> click.ClickException:
    return click.ClickException(str(err))


def db_option(f):
    return click.option(
        "--db", "db", required=True, type=click.Path(dir_okay=False, path_type=Path),
        help="SQLite database file (created when missing).",
    )(f)


def lang_option(f):
    return click.option(
        "--lang", type=LANGS, default="vi", show_default=True,
        help="Language of messages: Vietnamese or English.",
    )(f)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="baocao")
def cli():
    """baocao: read HĐND activity reports (.docx/.doc), extract every figure with its
    source, reconcile them and let reviewers settle each discrepancy."""


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the blocks as JSON.")
def read(file, as_json):
    """Print the blocks the reader sees in FILE: part, id, section label, text.

    Footnote reference marks are shown as [^N] at their place in the text."""
    from extractors.reader import read_document
    from pipeline.read import format_blocks

    try:
        doc = read_document(file)
    except PipelineError as e:
        raise _fail(e) from e
    if as_json:
        click.echo(doc.model_dump_json(indent=1))
    else:
        click.echo(format_blocks(doc))


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON (contract.md).")
def extract(file, as_json):
    """Extract one document to its record: counts, units, references, metadata, and how
    its numbers were read, the unread ones under their own heading.

    No database is used."""
    from pipeline.extract import extract_file, format_record, record_json

    try:
        record = extract_file(file)
    except PipelineError as e:
        raise _fail(e) from e
    if as_json:
        click.echo(json.dumps(record_json(record), ensure_ascii=False, indent=1))
    else:
        click.echo(format_record(record))


@cli.command()
@click.argument("name", type=click.Choice(["record", "flag", "decision", "document", "all"]),
                default="all")
def schema(name):
    """Print the JSON Schema of the record, flag, decision or document models."""
    from pipeline.schema import json_schemas

    click.echo(json.dumps(json_schemas(name), ensure_ascii=False, indent=1))


@cli.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@db_option
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Worker processes (default: the machine's cores).")
@click.option("--strict", is_flag=True, help="Exit 1 when any file could not be read.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar (default: only on a terminal).")
@click.option("--district", default=None,
              help="District of the commune reports whose text names none (letterhead "
                   "\"HĐND XÃ ĐĂK HÀ\" only), when it has their commune.")
@click.option("--province", default=None, help="Province of --district.")
@lang_option
def run(paths, db, workers, strict, progress, district, province, lang):
    """Read every .docx/.doc under PATHS, store the records in DB and reconcile.

    Unchanged files are skipped; a bad file is recorded and reported, the rest go on. A
    commune report whose text names no district is placed from the other reports of its
    folder (or --district/--province); one that cannot be placed is flagged
    unassigned_document."""
    from pipeline.run import run_batch
    from pipeline.run.placing import option_hint
    from pipeline.run.summary import format_summary

    if progress is None:
        progress = sys.stderr.isatty()
    if province and not district:
        raise click.UsageError("--province needs --district")
    place = None
    if district:
        try:
            place = option_hint(district, province)
        except PipelineError as e:
            raise click.BadParameter(str(e).split(": ", 1)[1], param_hint="--district") from e
    try:
        summary = run_batch(list(paths), db, workers=workers, progress=progress, place=place)
    except PipelineError as e:
        raise _fail(e) from e
    click.echo(format_summary(summary, lang=lang))
    if strict and summary.failed:
        raise click.ClickException(
            f"{len(summary.failed)} tệp không đọc được / file(s) could not be read (--strict)")


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of flags.")
@click.option("--status", type=click.Choice(["open", "resolved", "dismissed", "gone", "all"]),
              default="open", show_default=True, help="Which flags to list.")
@click.option("--xlsx", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the flags to this workbook with decision columns (a drop-down of "
                   "the allowed decisions per row); read it back with `resolve --from-xlsx`.")
@lang_option
def flags(db, as_json, status, xlsx, lang):
    """List the flags of the newest run."""
    from pipeline.review import flag_json, format_flags, list_flags

    try:
        if xlsx is not None:
            from pipeline.review.workbook import write_workbook

            click.echo(str(write_workbook(db, xlsx, status)))
            return
        found = list_flags(db, status=status)
    except PipelineError as e:
        raise _fail(e) from e
    if as_json:
        click.echo(json.dumps([flag_json(f, lang) for f in found], ensure_ascii=False, indent=1))
    else:
        click.echo(format_flags(found, lang=lang))


@cli.command()
@click.argument("flag")
@db_option
@lang_option
def show(flag, db, lang):
    """Show one flag with the evidence of each value in its context."""
    from pipeline.review import flag_detail, format_flag_detail

    try:
        detail = flag_detail(db, flag)
    except PipelineError as e:
        raise _fail(e) from e
    click.echo(format_flag_detail(detail, lang=lang))


def _text_option(field):
    """Check a --note or --reviewer as the page does: UTF-8, not empty, not too long."""
    from pipeline.review.actions import MAX_NOTE, MAX_REVIEWER, clean_text

    def check(ctx, param, value):
        if value is None:
            return None
        text, problems = clean_text(value, field, limit=MAX_NOTE if field == "note"
                                    else MAX_REVIEWER, newlines=field == "note")
        if problems:
            raise click.BadParameter(" ".join(f"{vi} / {en}" for vi, en in problems))
        return text
    return check


# resolve's options that each name one decision, and how --help and errors call them
_DECISIONS = ("--value N", "--choose X", "--official FILE", "--not-expected REASON",
              "--assign-document FILE", "--unit NAME", "--exclude", "--accept", "--dismiss",
              "--undo")


@cli.command()
@click.argument("flag", required=False)
@db_option
@click.option("--value", type=click.IntRange(0, 999_999_999), default=None,
              help="correct: the right figure (total_mismatch: of the total, or of --item).")
@click.option("--item", type=click.IntRange(1, 999_999), default=None,
              help="total_mismatch: which figure --value corrects, numbered as `show` lists "
                   "them ([1] is the total).")
@click.option("--choose", "choice", default=None,
              help="One of the flag's values is right: a figure, or a reference_conflict's "
                   "date.")
@click.option("--official", metavar="FILE", default=None,
              help="duplicate_submission: the official report; the others are superseded.")
@click.option("--not-expected", "reason", type=click.Choice(["merged", "not_due", "none"]),
              default=None, help="missing_unit: the commune owes nothing here (merged, not "
                                 "yet due, had none).")
@click.option("--assign-document", "assign_document", metavar="FILE", default=None,
              help="missing_unit (no report): this stored document is the commune's report.")
@click.option("--unit", default=None,
              help="unknown_unit: the commune the name is; unassigned_document: the "
                   "document's commune (with --district).")
@click.option("--district", default=None, help="unassigned_document: the document's district.")
@click.option("--exclude", is_flag=True, help="unknown_unit: no commune of the district; the "
                                              "figure is left out.")
@click.option("--accept", is_flag=True, help="Checked: the figures stand as written.")
@click.option("--dismiss", is_flag=True, help="The flag is not a real problem.")
@click.option("--undo", is_flag=True, help="Put the decision before the latest one back in "
                                           "force (nothing is deleted).")
@click.option("--state", default=None,
              help="The flag's state you decided on, as `show` and `history` print it: "
                   "refused if the flag changed since.")
@click.option("--note", default=None, callback=_text_option("note"),
              help="Why (kept with the decision).")
@click.option("--reviewer", required=True, callback=_text_option("reviewer"),
              help="Who decides.")
@click.option("--from-xlsx", "workbook", type=click.Path(exists=True, dir_okay=False,
                                                         path_type=Path), default=None,
              help="Decide the rows of a workbook written by `flags --xlsx` instead of FLAG.")
@click.option("--apply/--dry-run", default=False, show_default=True,
              help="With --from-xlsx: record the valid rows (default: only say what would "
                   "change).")
def resolve(flag, db, value, item, choice, official, reason, assign_document, unit, district,
            exclude, accept, dismiss, undo, state, note, reviewer, workbook, apply):
    """Record a reviewer's decision on FLAG; decisions survive re-runs.

    Only decisions that fit the flag's rule are taken (`baocao show FLAG` lists them); a
    decision made on figures that change later goes stale and the flag reopens."""
    if workbook is not None:
        if flag is not None:
            raise click.UsageError("give FLAG or --from-xlsx, not both")
        return _resolve_workbook(db, workbook, reviewer, apply)
    if item is not None and value is None:
        raise click.UsageError("--item needs --value")
    given = [value is not None, choice is not None, official is not None,
             reason is not None, assign_document is not None,
             unit is not None or district is not None, exclude, accept, dismiss, undo]
    if flag is None or sum(given) != 1:
        raise click.UsageError("give FLAG and exactly one of " + ", ".join(_DECISIONS[:-1])
                               + " or " + _DECISIONS[-1])
    if note is None:
        raise click.UsageError("Missing option '--note'.")
    action = next(a for a, on in zip(
        ("correct", "choose", "choose_document", "not_expected", "assign_document",
         "assign_unit", "exclude", "accept", "reject", "undo"), given) if on)
    from pipeline.review import decide, decision_words

    try:
        decision = decide(db, flag, action, value=value, item=item, choice=choice,
                          document=official or assign_document, unit=unit, district=district,
                          reason=reason, note=note, reviewer=reviewer, state=state)
        words = decision_words(db, decision)[0]
    except PipelineError as e:
        raise _fail(e) from e
    click.echo(f"{decision.target_id}: {decision.action.value} by {decision.reviewer} — {words}")


def _resolve_workbook(db, workbook, reviewer, apply):
    from pipeline.review.workbook import format_outcome, read_workbook

    try:
        outcome = read_workbook(db, workbook, reviewer, apply=apply)
    except PipelineError as e:
        raise _fail(e) from e
    click.echo(format_outcome(outcome))
    if outcome.refused:
        raise click.ClickException(f"{len(outcome.refused)} dòng bị từ chối / row(s) refused")


@cli.command()
@click.argument("flag")
@db_option
@lang_option
def history(flag, db, lang):
    """Every decision on FLAG (or on a document: its short id or file name), oldest first,
    times in Vietnam's time zone; the one in force is marked ←."""
    from pipeline.review import document_history, format_history
    from pipeline.review import history as flag_history

    try:
        try:
            click.echo(format_history(flag_history(db, flag), lang))
        except PipelineError as e:
            lines = document_history(db, flag, lang)
            if lines is None:
                raise e from None
            click.echo("\n".join(lines))
    except PipelineError as e:
        raise _fail(e) from e


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json"]), required=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Output directory (created when missing).")
@click.option("--map", "map_name", type=click.Choice(["period", "new"]), default="period",
              show_default=True,
              help="Aggregates on the map of each period, or on today's (after 1 July 2025): "
                   "former communes' figures added to the commune they went into.")
def export(db, fmt, out, map_name):
    """Export the cleaned dataset (reviewers' decisions applied) and aggregates."""
    from pipeline.export import export_dataset

    try:
        written = export_dataset(db, fmt, out, map_name=map_name)
    except PipelineError as e:
        raise _fail(e) from e
    for path in written:
        click.echo(str(path))


@cli.command("metadata")
@db_option
def metadata_(db):
    """Print what DB's tables and columns mean, as a metadata file Datasette reads:
    `baocao metadata --db out/baocao.db > metadata.json`, then
    `datasette out/baocao.db -m metadata.json`."""
    from pipeline.store import open_store
    from pipeline.store.metadata import metadata

    try:
        with open_store(db, create=False) as store:
            columns = store.columns()
    except PipelineError as e:
        raise _fail(e) from e
    click.echo(json.dumps(metadata(db.stem, columns), ensure_ascii=False, indent=1))


def _chart_path(ctx, param, value):
    if value is not None and value.suffix.lower() != ".svg":
        raise click.BadParameter(
            f"{value}: chỉ vẽ được .svg / only .svg is drawn (PNG would need cairosvg, which "
            "needs the system's cairo library; a browser opens and prints the SVG)")
    return value


@cli.command()
@db_option
@click.option("--district", default=None, help="One district (default: every district).")
@click.option("--period", default=None, help="One period: 2024H1, 2024H2 or 2024.")
@click.option("--json", "as_json", is_flag=True, help="Print the tables as JSON.")
@click.option("--chart", type=click.Path(dir_okay=False, path_type=Path), default=None,
              callback=_chart_path,
              help="Also draw FILE.svg: the coverage grid (communes × periods), or with "
                   "--indicator that indicator's bars per commune.")
@click.option("--indicator", default=None, help="The indicator the chart draws, e.g. "
                                                "voter_petitions.")
@click.option("--map", "map_name", type=click.Choice(["period", "new"]), default="period",
              show_default=True,
              help="new: every period's commune figures on today's map (after 1 July 2025), "
                   "former communes added to the commune they went into, a divided one shown "
                   "as not summable.")
def aggregate(db, district, period, as_json, chart, indicator, map_name):
    """Print communes × indicators per district and period, decisions applied, with the
    sum over communes beside the figure the district summary states.

    A figure still disputed shows every value (11|12), never one picked. With --map new,
    the communes' figures of every period on today's map instead (--period filters)."""
    from pipeline.aggregate import district_tables, write_chart
    from pipeline.aggregate.text import format_tables

    if map_name == "new":
        _aggregate_today(db, period, as_json)
        return
    try:
        tables = district_tables(db, district, period)
        if chart is not None:
            write_chart(db, chart, district, period, indicator)
    except PipelineError as e:
        raise _fail(e) from e
    if as_json:
        click.echo(json.dumps([t.model_dump(mode="json") for t in tables], ensure_ascii=False,
                              indent=1))
    else:
        click.echo(format_tables(tables))
    if chart is not None:
        click.echo(str(chart), err=as_json)


def _aggregate_today(db, period, as_json):
    from pipeline.aggregate import parse_period
    from pipeline.maps import format_today, todays_aggregates

    try:
        wanted = parse_period(period) if period else None
        rows = [r for r in todays_aggregates(db)
                if wanted is None or (r["year"], r["half"]) == wanted]
    except PipelineError as e:
        raise _fail(e) from e
    click.echo(json.dumps(rows, ensure_ascii=False, indent=1) if as_json else format_today(rows))


@cli.command()
@db_option
@click.option("--district", required=True, help='The district, e.g. "Tu Mơ Rông".')
@click.option("--period", required=True, help="The period: 2024H1, 2024H2 or 2024.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The .docx file to write.")
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The date of its place-and-date line (default: today).")
def draft(db, district, period, out, on):
    """Write the district summary of DISTRICT for PERIOD from the cleaned data.

    The seed's form: letterhead, totals with their parts, per-commune lists in footnotes,
    an appendix table per indicator; a disputed figure is left "…" with a Word comment."""
    from pipeline.draft import draft_summary

    try:
        path = draft_summary(db, district, period, out, on.date() if on else None)
    except PipelineError as e:
        raise _fail(e) from e
    click.echo(str(path))


@cli.command()
@db_option
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
def serve(db, port):
    """Serve the review web page of DB on 127.0.0.1 until Ctrl-C.

    Flags with their evidence highlighted, decisions recorded as with `resolve`."""
    from pipeline.web.server import make_review_server

    try:
        server = make_review_server(db, port)
    except PipelineError as e:
        raise _fail(e) from e
    click.echo(f"Trang duyệt / review page: {server.url}  (Ctrl-C: dừng / stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@cli.group()
def samples():
    """Generate sample reports with known answers."""


@samples.command("generate")
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--district", default=None,
              help='A district of the gazetteer, e.g. "Tu Mơ Rông" (periods before 1 July 2025).')
@click.option("--province", default=None,
              help="Its province, when the name is ambiguous; from 1 July 2025 (no districts) "
                   'the province whose communes report, e.g. "Quảng Ngãi".')
@click.option("--period", default="2024H1", show_default=True, help="YYYYH1, YYYYH2 or YYYY.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--discrepancies", type=click.IntRange(0, None), default=0, show_default=True,
              help="How many discrepancies to plant (listed in truth.json).")
@click.option("--copies", type=click.IntRange(1, None), default=1, show_default=True,
              help="Repeat the district's reports this many times (new periods each).")
def samples_generate(outdir, district, province, period, seed, discrepancies, copies):
    """Write a commune report for every commune of DISTRICT, the district summary
    and truth.json into OUTDIR; for a period from 1 July 2025, of every commune of
    PROVINCE on the new map and the province's summary."""
    from pipeline.corpus.generate import generate_corpus

    try:
        summary = generate_corpus(outdir, district=district, province=province, period=period,
                                  seed=seed, discrepancies=discrepancies, copies=copies)
    except PipelineError as e:
        raise _fail(e) from e
    click.echo(summary)


@cli.command("eval")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_(directory, as_json):
    """Compare what baocao extracts and flags in DIRECTORY with its truth.json, and
    measure the share of numbers left unread (by section kind)."""
    from pipeline.corpus.evaluate import evaluate_dir, format_scores

    try:
        scores = evaluate_dir(directory)
    except PipelineError as e:
        raise _fail(e) from e
    if as_json:
        click.echo(json.dumps(scores, ensure_ascii=False, indent=1))
    else:
        click.echo(format_scores(scores))


def main():  # pragma: no cover
    cli()
