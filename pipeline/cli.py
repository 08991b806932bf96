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
@lang_option
def flags(db, as_json, status, lang):
    """List the flags of the newest run."""
    from pipeline.review import flag_json, format_flags, list_flags

    try:
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


@cli.command()
@click.argument("flag")
@db_option
@click.option("--value", type=int, default=None, help="The correct figure.")
@click.option("--dismiss", is_flag=True, help="The flag is not a real problem.")
@click.option("--note", required=True, help="Why (kept with the decision).")
@click.option("--reviewer", required=True, help="Who decides.")
def resolve(flag, db, value, dismiss, note, reviewer):
    """Record a reviewer's decision on FLAG; decisions survive re-runs."""
    from pipeline.review import resolve_flag

    if (value is None) == (not dismiss):
        raise click.UsageError("give exactly one of --value N or --dismiss")
    try:
        decision = resolve_flag(db, flag, value=value, dismiss=dismiss, note=note,
                                reviewer=reviewer)
    except PipelineError as e:
        raise _fail(e) from e
    click.echo(f"{decision.target_id}: {decision.action.value} by {decision.reviewer}")


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json"]), required=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Output directory (created when missing).")
def export(db, fmt, out):
    """Export the cleaned dataset (reviewers' decisions applied) and aggregates."""
    from pipeline.export import export_dataset

    try:
        written = export_dataset(db, fmt, out)
    except PipelineError as e:
        raise _fail(e) from e
    for path in written:
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
@click.option("--district", required=True, help='A district of the gazetteer, e.g. "Tu Mơ Rông".')
@click.option("--province", default=None, help="Its province, when the name is ambiguous.")
@click.option("--period", default="2024H1", show_default=True, help="YYYYH1, YYYYH2 or YYYY.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--discrepancies", type=click.IntRange(0, None), default=0, show_default=True,
              help="How many discrepancies to plant (listed in truth.json).")
@click.option("--copies", type=click.IntRange(1, None), default=1, show_default=True,
              help="Repeat the district's reports this many times (new periods each).")
def samples_generate(outdir, district, province, period, seed, discrepancies, copies):
    """Write a commune report for every commune of DISTRICT, the district summary
    and truth.json into OUTDIR."""
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
