"""Teams: `share` (opt in to one file in a team folder) and `team` (the lead's view)."""

from __future__ import annotations

import contextlib
import re
import sys
from pathlib import Path
from typing import Annotated

import typer

from cxhabits.cli import saving
from cxhabits.cli.app import (
    JsonOption,
    command,
    emit_json,
    home,
    language,
    say,
    team_folders,
    user_packs,
)
from cxhabits.clock import today
from cxhabits.domain import core, model
from cxhabits.domain.chars import literal
from cxhabits.errors import CxHabitsError, UsageError
from cxhabits.i18n import N_, _
from cxhabits.library.catalog import load_library
from cxhabits.storage import datafolder, store
from cxhabits.team import folder as shared_folder
from cxhabits.team.document import NAME_MAX_CHARS, PERSON_ID
from cxhabits.team.figures import MIN_GROUP, NotAShareFile, Skipped, read_document, summarize


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
    who = (
        _("anonymously (weeks instead of dates)")
        if choice.name is None
        else _("as {name}").format(name=literal(choice.name))
    )
    return _("You share your progress {who} in {path}").format(
        who=who, path=shared_folder.share_path(choice)
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
    anonymous: Annotated[
        bool, typer.Option("--anonymous", help=_("Share without a name, in weeks, not dates."))
    ] = False,
    stop: Annotated[
        bool, typer.Option("--stop", help=_("Stop sharing and remove your file."))
    ] = False,
) -> None:
    """Share your progress (never notes or reasons) as one file in a team folder."""
    where = home()
    if stop:
        if folder is not None or name is not None or anonymous:
            raise UsageError(N_("'share --stop' takes no folder, name or --anonymous."))
        _stop(where)
        return
    if folder is None:
        if name is not None or anonymous:
            raise UsageError(
                N_("Give the folder to share in.\nFor example: cxhabits share FOLDER --name NAME")
            )
        _show(where)
        return
    if (name is None) == (not anonymous):
        raise UsageError(
            N_(
                "Say how to share: with --name NAME or --anonymous (one of the two).\n"
                "For example: cxhabits share {folder} --name Sam"
            ),
            folder=folder,
        )
    if name is not None:
        name = core.clean_text(name, _("name"), NAME_MAX_CHARS)
        if not name:
            raise UsageError(N_("The name is empty.\nGive a name, or use --anonymous."))
    target = Path(folder).expanduser().absolute()
    _check_folder(target)
    with datafolder.locked(where):
        state = store.load(where)
        language(state.settings)
        old = state.sharing
        kept = old is not None and re.fullmatch(PERSON_ID, old.person)
        person = old.person if old is not None and kept else shared_folder.new_person_id()
        choice = model.Sharing(str(target), name, name is None, person)
        state = state._replace(sharing=choice)
        try:
            path = shared_folder.write(where, state)  # first: a folder that fails changes nothing
        except OSError as exc:
            raise CxHabitsError(
                N_(
                    "Could not write {path}: {error}. Nothing was changed.\n"
                    "Check that you can write to the folder, then try again."
                ),
                path=str(shared_folder.share_path(choice)),
                error=exc.strerror or str(exc),
            ) from None
        try:
            saving.save(where, state)
        except CxHabitsError:
            if old is None or shared_folder.share_path(old) != path:  # the choice did not land
                with contextlib.suppress(OSError):
                    path.unlink()
            raise
        if old is not None and kept and shared_folder.share_path(old) != path:
            try:
                shared_folder.remove(old)
            except OSError as exc:
                say(
                    _("Could not remove your old share file {path}: {error}").format(
                        path=shared_folder.share_path(old), error=exc.strerror or exc
                    ),
                    err=True,
                )
    say(_describe(choice) + ".")
    say(
        _(
            "The file holds your workdays, your pauses from today on (dates only), and per "
            "habit its id, role, principle, dates, status and numbers. Never notes, reasons "
            "or your own anchors; a habit from your own pack is shared as 'own'."
        )
    )
    say(
        _(
            "Anyone who can open the folder can read it. It is refreshed on every save; "
            "stop with: cxhabits share --stop"
        )
    )


def _show(where: Path) -> None:
    state = store.load(where)
    language(state.settings)
    choice = state.sharing
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
    say(_describe(choice) + ".", err=True)
    path = shared_folder.share_path(choice)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
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
        try:
            path = shared_folder.remove(choice)
        except OSError as exc:
            raise CxHabitsError(
                N_(
                    "Could not remove {path}: {error}. You still share.\n"
                    "Check that you can write to the folder, then try again."
                ),
                path=str(shared_folder.share_path(choice)),
                error=exc.strerror or str(exc),
            ) from None
        saving.save(where, state._replace(sharing=None))
    say(_("You no longer share your progress; removed {path}.").format(path=path))


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
            help=_("The smallest group shown as figures (at least 3)."),
        ),
    ] = MIN_GROUP,
) -> None:
    """The team's progress from the shared files: for a CX lead."""
    where = home()
    state = store.load(where)
    lang = language(state.settings)
    if not MIN_GROUP <= min_group <= 10_000:
        raise UsageError(
            N_("--min-group {value} is too small: the least is {least}.\nUse --min-group {least}"),
            value=min_group,
            least=MIN_GROUP,
        )
    page = Path(html).expanduser() if html else None
    if page is not None and not page.absolute().parent.is_dir():
        raise UsageError(
            N_("The folder of {path} does not exist.\nCreate it, or write the page elsewhere."),
            path=str(page),
        )
    source = Path(folder).expanduser()
    _check_folder(source)
    docs, skipped = [], []
    for path in shared_folder.share_files(source):
        try:
            docs.append(read_document(path.name, shared_folder.read_raw(path)))
        except (shared_folder.Unreadable, NotAShareFile) as exc:
            skipped.append(Skipped(path.name, str(exc)))
    report = summarize(docs, skipped, today(), min_group)
    for left_out in report.skipped:
        shown = literal(left_out.file)  # a file name is outside text
        say(_("Skipped {file}: {why}").format(file=shown, why=left_out.why), err=True)
    titles = library_titles(where, lang)
    if page is not None:
        from cxhabits.ui import team_view as render_team

        text = render_team.html_page(report, titles, lang)
        try:
            shared_folder.write_atomically(page.absolute(), text)
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


def library_titles(where: Path, lang: str) -> dict[str, str]:
    """The lead's library titles for habit ids (an id not in it is shown as the id)."""
    try:
        lib = load_library(user_packs(where), team_folders(where))
    except (CxHabitsError, OSError):
        return {}
    titles = {habit_id: habit.text("title", lang) for habit_id, habit in lib.habits.items()}
    titles.update({f"role:{r}": role.label(lang) for r, role in lib.roles.items()})
    return titles
