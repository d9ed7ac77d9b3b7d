"""Teams: `share` (opt in to one file in a team folder) and `team` (the lead's view)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sys
from pathlib import Path
from typing import Annotated

import typer

from cxhabits import paths
from cxhabits.atomic import write_file
from cxhabits.cli import saving
from cxhabits.cli.app import (
    JsonOption,
    command,
    emit_json,
    home,
    language,
    pack_index,
    say,
    team_folders,
    typed_path,
    user_packs,
    wrapped,
)
from cxhabits.clock import today
from cxhabits.domain import core, model
from cxhabits.domain.chars import literal
from cxhabits.errors import CxHabitsError, UsageError
from cxhabits.i18n import N_, _
from cxhabits.library.catalog import load_library
from cxhabits.storage import datafolder, store
from cxhabits.team import folder as shared_folder
from cxhabits.team.document import (
    NAME_MAX_CHARS,
    PERSON_ID,
    NotAShareFile,
    ShareDoc,
    read_document,
    week_index,
)
from cxhabits.team.figures import LEAST_GROUP, MIN_GROUP, MOST_GROUP, Skipped, summarize

TITLE_MAX_CHARS = 80


def _check_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise CxHabitsError(
            N_(
                "{folder} is not a folder.\n"
                "Give the team's shared folder (synced or on a network share); it must exist."
            ),
            folder=str(folder),
        )


def _describe(choice: model.Sharing) -> str:
    path = shared_folder.share_path(choice)
    if choice.name is None:
        return _("You share your progress anonymously in {path}.").format(path=path)
    said = _("You share your progress as {name} in {path}.").format(
        name=literal(choice.name), path=path
    )
    if not choice.check_on_me:
        return said
    return (
        said
        + "\n"
        + _(
            "You asked to be checked on: the file also holds the last day you checked in or "
            "skipped, your workdays and your coming pauses, so your lead sees your name when "
            "two of your workdays pass without a check-in. It is then rewritten on the days "
            "you check in, so the folder's version history shows those days too."
        )
    )


def _paragraphs(*texts: str) -> str:
    """Each line wrapped to the terminal, paths and words kept whole."""
    return "\n".join(wrapped(line) for text in texts for line in text.split("\n"))


def _who_reads() -> str:
    return _(
        "Per habit: its id (or 'own'), role, principle, status and the ISO weeks it was "
        "picked, became routine or was dropped. Never notes, reasons, check-ins or your own "
        "anchors. Anyone who can open the folder can read it, and a synced folder's version "
        "history shows who wrote each version and when; it is rewritten only when its "
        "content changes. Stop with: cxhabits share --stop"
    )


def _new_choice(
    old: model.Sharing | None, target: Path, name: str | None, check_on_me: bool
) -> model.Sharing:
    """The same person id for a rename or a change of --check-on-me; a new one when
    switching between a name and anonymous, or into another folder."""
    same = (
        old is not None
        and re.fullmatch(PERSON_ID, old.person)
        and Path(old.folder) == target
        and (old.name is None) == (name is None)
    )
    person = old.person if old is not None and same else shared_folder.new_person_id()
    return model.Sharing(str(target), name, name is None, person, check_on_me)


def _remove_old(where: Path, old: model.Sharing, path: Path) -> None:
    """Remove the file of the old choice; offline: say so and remove it later."""
    if not re.fullmatch(PERSON_ID, old.person):
        return
    old_path = shared_folder.share_path(old)
    if old_path == path:
        return
    if shared_folder.remove(old_path):
        say(_("Removed your old share file {path}.").format(path=old_path), err=True)
        return
    shared_folder.remove_later(where, old_path)
    say(
        _(
            "Could not remove your old share file {path} now (its folder is offline or not "
            "writable); cxhabits removes it at a later save, once the folder is back."
        ).format(path=old_path),
        err=True,
    )


@command()
def share(
    folder: Annotated[
        str | None,
        typer.Argument(metavar="FOLDER", help=_("The team's shared folder.")),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option("--name", metavar="NAME", help=_("Share under this name.")),
    ] = None,
    check_on_me: Annotated[
        bool,
        typer.Option(
            "--check-on-me",
            help=_("With --name: let the lead see when you miss two workdays in a row."),
        ),
    ] = False,
    anonymous: Annotated[
        bool, typer.Option("--anonymous", help=_("Share without a name."))
    ] = False,
    stop: Annotated[
        bool, typer.Option("--stop", help=_("Stop sharing and remove your file."))
    ] = False,
) -> None:
    """Share per habit what you would say at a stand-up, as one file in a team folder."""
    where = home()
    if stop:
        if folder is not None or name is not None or anonymous or check_on_me:
            raise UsageError(
                N_("'share --stop' takes no folder, name, --anonymous or --check-on-me.")
            )
        _stop(where)
        return
    if folder is None:
        if name is not None or anonymous or check_on_me:
            raise UsageError(
                N_("Give the folder to share in.\nFor example: cxhabits share FOLDER --name NAME")
            )
        _show(where)
        return
    name = _chosen_name(folder, name, anonymous, check_on_me)
    target = typed_path(folder, "FOLDER").absolute()
    _check_folder(target)
    try:
        paths.check_folder(target, where)  # never into a data folder
    except paths.Unfit as exc:
        raise paths.refuse(folder, exc, N_("Give the team's shared folder.")) from None
    say(_paragraphs(_describe(_start_sharing(where, target, name, check_on_me)), _who_reads()))


def _chosen_name(folder: str, name: str | None, anonymous: bool, check_on_me: bool) -> str | None:
    """The name to share under (None: anonymous), once the options agree."""
    if (name is None) == (not anonymous):
        raise UsageError(
            N_(
                "Say how to share: with --name NAME or --anonymous (one of the two).\n"
                "For example: cxhabits share {folder} --name Sam"
            ),
            folder=folder,
        )
    if check_on_me and name is None:
        raise UsageError(
            N_(
                "--check-on-me goes with a name: the lead can only check on someone they know.\n"
                "For example: cxhabits share {folder} --name Sam --check-on-me"
            ),
            folder=folder,
        )
    if name is not None:
        name = core.clean_text(name, _("name"), NAME_MAX_CHARS)
        if not name:
            raise UsageError(N_("The name is empty.\nGive a name, or use --anonymous."))
    return name


def _start_sharing(where: Path, target: Path, name: str | None, check_on_me: bool) -> model.Sharing:
    """Write the share file, then save the choice: a folder that fails changes nothing,
    and a choice that is not saved leaves no new file behind."""
    with datafolder.locked(where):
        state = store.load(where)
        language(state.settings)
        old = state.sharing
        choice = _new_choice(old, target, name, check_on_me)
        state = state._replace(sharing=choice)
        path = shared_folder.share_path(choice)
        if old is not None and re.fullmatch(PERSON_ID, old.person):
            _remove_old(where, old, path)  # first: the old file never outlives the new
        try:
            shared_folder.write(where, state)
        except OSError as exc:
            raise CxHabitsError(
                N_(
                    "Could not write {path}: {error}. Your sharing was not changed.\n"
                    "Check that you can write to the folder, then try again."
                ),
                path=str(path),
                error=exc.strerror or str(exc),
            ) from None
        try:
            saving.save(where, state)
        except CxHabitsError:
            if old is None or shared_folder.share_path(old) != path:  # the choice did not land
                with contextlib.suppress(OSError):
                    path.unlink()
            raise
    return choice


def _show(where: Path) -> None:
    state = store.load(where)
    language(state.settings)
    choice = state.sharing
    for leftover in shared_folder.leftovers(where):
        say(_("Still to remove once its folder is back: {path}").format(path=leftover), err=True)
    if choice is None:
        say(
            _(
                "You do not share your progress.\n"
                "To share it with your team: cxhabits share FOLDER --name NAME (or --anonymous)"
            ),
            err=True,
        )
        return
    if not re.fullmatch(PERSON_ID, choice.person):
        raise CxHabitsError(
            N_(
                "The sharing setting in your state file has a malformed person id.\n"
                "Run 'cxhabits share --stop', then share again."
            )
        )
    say(_paragraphs(_describe(choice), _who_reads()), err=True)
    path = shared_folder.share_path(choice)
    try:
        text = shared_folder.read_bounded(path).decode("utf-8")
    except (shared_folder.Unreadable, UnicodeDecodeError):
        say(_("The file is not there now; this is what the next save writes:"), err=True)
        text = shared_folder.document_text(where, state, choice)
    sys.stdout.write(text)


def _stop(where: Path) -> None:
    with datafolder.locked(where):
        state = store.load(where)
        language(state.settings)
        choice = state.sharing
        if choice is None:
            say(_("You do not share your progress; nothing to stop."), err=True)
            return
        if not re.fullmatch(PERSON_ID, choice.person):  # a hand-edited id names no file
            saving.save(where, state._replace(sharing=None))
            say(_("You do not share your progress; nothing to stop."), err=True)
            return
        path = shared_folder.share_path(choice)
        removed = shared_folder.remove(path)
        if not removed:
            shared_folder.remove_later(where, path)
        saving.save(where, state._replace(sharing=None))
    if removed:
        say(_("You no longer share your progress; removed {path}.").format(path=path))
        return
    say(
        _(
            "You no longer share your progress, but {path} could not be removed now (its "
            "folder is offline or not writable).\ncxhabits removes it at a later save, once "
            "the folder is back; 'cxhabits share' says whether it is still to do."
        ).format(path=path)
    )


def _check_min_group(min_group: int) -> None:
    if min_group < LEAST_GROUP:
        raise UsageError(
            N_("--min-group {value} is too small: the least is {least}.\nUse --min-group {least}"),
            value=min_group,
            least=LEAST_GROUP,
        )
    if min_group > MOST_GROUP:
        raise UsageError(
            N_("--min-group {value} is too large: the most is {most}.\nUse a smaller number."),
            value=min_group,
            most=MOST_GROUP,
        )


def _read_folder(source: Path, as_of: dt.date) -> tuple[list[ShareDoc], list[Skipped]]:
    listing = shared_folder.share_files(source)
    skipped = [Skipped(file, why) for file, why in listing.left_out]
    docs = []
    latest = week_index(as_of) + 1  # the lead's next week
    denied = 0
    for name in listing.files:
        try:
            raw = shared_folder.read_raw(os.path.join(source, name))
            docs.append(read_document(name, raw, latest))
        except (shared_folder.Unreadable, NotAShareFile) as exc:
            skipped.append(Skipped(name, str(exc)))
            denied += isinstance(exc, shared_folder.Denied)
    if listing.files and denied == len(listing.files):  # not "no share files": none readable
        raise CxHabitsError(
            N_(
                "Cannot read the share files in {folder}: you may not open them.\n"
                "Check that you may open the team folder and its files."
            ),
            folder=str(source),
        )
    return docs, skipped


@command()
def team(
    folder: Annotated[str, typer.Argument(metavar="FOLDER", help=_("The team's shared folder."))],
    json_output: JsonOption = False,
    html: Annotated[
        str | None,
        typer.Option("--html", metavar="FILE", help=_("Also write a self-contained HTML page.")),
    ] = None,
    min_group: Annotated[
        int,
        typer.Option(
            "--min-group",
            metavar="N",
            help=_("The smallest group shown as figures (default 5, at least 3)."),
        ),
    ] = MIN_GROUP,
    no_names: Annotated[
        bool,
        typer.Option("--no-names", help=_("Leave every name out: a page to mail upward.")),
    ] = False,
    title: Annotated[
        str | None,
        typer.Option("--title", metavar="TEXT", help=_("A title for the report.")),
    ] = None,
) -> None:
    """The team's progress from the shared files: for a CX lead."""
    where = home()
    state = store.load(where)
    lang = language(state.settings)
    _check_min_group(min_group)
    if title is not None:
        title = core.clean_text(title, _("title"), TITLE_MAX_CHARS) or None
    page = typed_path(html, "--html") if html is not None else None
    if page is not None:
        _check_page(page, where)
    source = typed_path(folder, "FOLDER")
    _check_folder(source)
    as_of = today()
    docs, skipped = _read_folder(source, as_of)
    report = summarize(docs, skipped, as_of, min_group, title, names=not no_names)
    for left_out in report.skipped:
        shown = literal(left_out.file)  # a file name is outside text
        say(_("Left out {file}: {why}").format(file=shown, why=left_out.why), err=True)
    titles = library_titles(where, lang)
    if page is not None:
        from cxhabits.ui import team_view as render_team

        text = render_team.html_page(report, titles, lang)
        try:
            write_file(page.absolute(), text.encode("utf-8"))
        except OSError as exc:
            raise CxHabitsError(
                N_("Could not write {path}: {error}.\nCheck the folder's permissions."),
                path=str(page),
                error=exc.strerror or str(exc),
            ) from None
        say(_("Wrote {path}").format(path=page), err=True)
    if json_output:
        from cxhabits.team.figures import report_document

        emit_json(report_document(report))
        return
    if page is not None:
        return
    if report.people == 0:
        message = _(
            "No share files in {folder}.\nAsk your team to run: cxhabits share {folder} --name NAME"
        )
        say(message.format(folder=source), err=True)
        return
    from cxhabits.ui import team_view as render_team

    render_team.show(report, titles, lang)


def _check_page(page: Path, where: Path) -> None:
    """--html names a new file or an HTML page: never a share file, a file of a data
    folder, a folder, a pipe or a device (paths.check_target)."""
    target = page.absolute()
    if not target.parent.is_dir():
        raise UsageError(
            N_("The folder of {path} does not exist.\nCreate it, or write the page elsewhere."),
            path=str(page),
        )
    advice = N_("Name a new .html file.")
    try:
        paths.check_target(target, where)
    except paths.Unfit as exc:
        raise paths.refuse(page, exc, advice, what="--html") from None
    if target.is_symlink() or target.suffix.lower() not in (".html", ".htm"):
        raise UsageError(
            N_("--html writes an HTML page: {path} is not one.\nName a new .html file."),
            path=str(page),
        )


def library_titles(where: Path, lang: str) -> dict[str, str]:
    """The lead's library titles for habit ids (an id not in it is shown as the id)."""
    try:
        lib = load_library(user_packs(where), team_folders(where), pack_index(where))
    except (CxHabitsError, OSError):
        return {}
    titles = {habit_id: habit.text("title", lang) for habit_id, habit in lib.habits.items()}
    titles.update({f"role:{r}": role.label(lang) for r, role in lib.roles.items()})
    return titles
