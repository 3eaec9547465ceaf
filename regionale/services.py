"""The stage workflow of REGIONALE projects: moves with their decision, publication, featuring, and the e-mails
to the person who submitted an idea. The admin, the bulk actions, the CSV import and the demo data all go
through here; the database refuses whatever slips past (regionale_transition_allowed)."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from accounts import audit
from portal.lib import mailqueue
from portal.lib.text import german_slugify

from .models import (
    NEEDS_REASON,
    PATH,
    STAR_AWARDS,
    DecisionBody,
    Move,
    Project,
    Stage,
    StageTransition,
    allowed_moves,
    next_stage,
)


def kind_of_move(from_stage, to_stage):
    """The kind of move from one stage to another, or None when the workflow does not allow it."""
    for before, after, kind in allowed_moves():
        if before == from_stage and after == to_stage:
            return kind
    return None


def stage_before_withdrawal(project):
    last = project.transitions.filter(kind=Move.WITHDRAW).order_by("-at", "-pk").first()
    return last.from_stage if last else None


def targets(project):
    """The stages a project may move to now, in the order of the path: [(stage, kind of move)]."""
    if project.stage == Stage.WITHDRAWN:
        back = stage_before_withdrawal(project)
        return [(back, Move.REINSTATE)] if back else []
    found = [(after, kind) for before, after, kind in allowed_moves() if before == project.stage]
    return sorted(found, key=lambda pair: (pair[0] == Stage.WITHDRAWN, PATH.index(pair[0]) if pair[0] in PATH else 0))


def unique_project_slug(title, project=None):
    """german_slugify(title), with -2, -3, … appended when another project has it already."""
    base = german_slugify(title)[:200].strip("-") or "projekt"
    others = Project.objects.exclude(pk=project.pk) if project and project.pk else Project.objects.all()
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


@dataclass
class Decision:
    decided_on: object  # datetime.date
    body: str = ""
    recommended_on: object = None
    reason: str = ""


def check(project, to_stage, decision):
    """Every reason the workflow refuses this move, as a ValidationError with messages for the form's fields."""
    errors = {}
    kind = kind_of_move(project.stage, to_stage)
    if to_stage not in Stage.values:
        errors["to_stage"] = _("Choose one of the stages of the workflow.")
    elif to_stage == project.stage:
        errors["to_stage"] = _("The project is already in the stage “%(stage)s”.") % {"stage": Stage(to_stage).label}
    elif kind is None:
        errors["to_stage"] = _(
            "A project cannot move from “%(from)s” to “%(to)s”: it moves one stage at a time, or is withdrawn."
        ) % {"from": Stage(project.stage).label, "to": Stage(to_stage).label}
    elif kind == Move.REINSTATE and stage_before_withdrawal(project) != to_stage:
        errors["to_stage"] = _("A withdrawn project returns only to the stage it was withdrawn from.")
    if kind in NEEDS_REASON and not (decision.reason or "").strip():
        errors["reason"] = _("Going back, withdrawing or revoking a withdrawal needs a reason.")
    if (
        kind == Move.ADVANCE
        and to_stage in STAR_AWARDS
        and decision.body
        not in (
            DecisionBody.AUSSCHUSS,
            DecisionBody.BEIRAT,
        )
    ):
        errors["body"] = _("A star is awarded by the REGIONALE committee or on the advisory board's recommendation.")
    if decision.decided_on is None:
        errors["decided_on"] = _("Enter the date of the decision.")
    else:
        if decision.decided_on > timezone.localdate():
            errors["decided_on"] = _("The decision date cannot be in the future.")
        last = project.transitions.order_by("-decided_on").values_list("decided_on", flat=True).first()
        if last and decision.decided_on < last:
            errors["decided_on"] = _("The decision date cannot be before the previous decision (%(date)s).") % {
                "date": formats.date_format(last, "SHORT_DATE_FORMAT")
            }
        if decision.recommended_on and decision.recommended_on > decision.decided_on:
            errors["recommended_on"] = _("The recommendation comes before the decision.")
    if errors:
        raise ValidationError(errors)
    return kind


@transaction.atomic
def move(project, to_stage, decision, *, by):
    """Move the project to `to_stage` with this decision; records the transition and e-mails the submitter.

    Raises ValidationError with a clear message when the workflow does not allow it (also when somebody else
    moved the project meanwhile: the row is locked and read again)."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if locked.stage != project.stage:
        # The decision was taken on the stage the caller saw; somebody else has moved the project since.
        raise ValidationError(
            {
                "to_stage": _(
                    "Somebody else has moved this project from “%(seen)s” to “%(now)s” meanwhile. Please check "
                    "whether your decision still applies."
                )
                % {"seen": Stage(project.stage).label, "now": Stage(locked.stage).label}
            }
        )
    kind = check(locked, to_stage, decision)
    transition = StageTransition.objects.create(
        project=locked,
        kind=kind,
        from_stage=locked.stage,
        to_stage=to_stage,
        decided_on=decision.decided_on,
        body=decision.body or "",
        recommended_on=decision.recommended_on,
        reason=(decision.reason or "").strip(),
        by=by,
    )
    locked.stage = to_stage
    locked.stage_since = decision.decided_on
    locked._moving = True
    locked._history_user = by
    # The history row belongs to the project already: its title (up to 200 characters) would overflow the
    # history's 100-character reason.
    locked._change_reason = _change_reason(
        f"{Move(kind).label}: {transition.get_from_stage_display() or '–'} → {transition.get_to_stage_display()}"
    )
    try:
        locked.save(update_fields=["stage", "stage_since", "updated"])
    finally:
        locked._moving = False
    project.stage, project.stage_since, project._saved_stage = locked.stage, locked.stage_since, locked.stage
    audit.record(
        audit.Kind.STAGE_CHANGED,
        actor=by,
        target=locked,
        move=kind,
        from_stage=transition.from_stage,
        to_stage=to_stage,
        decided_on=decision.decided_on,
    )
    _notify_submitter(locked, "stage", transition)
    return transition


def record_creation(project, *, by, decided_on=None):
    """The first step of every project's timeline: it came in as an idea (on `decided_on`, today by default),
    which is also the date it has been in the idea stage since."""
    day = decided_on or timezone.localdate()
    if project.stage_since != day:
        Project.objects.filter(pk=project.pk).update(stage_since=day)
        project.stage_since = day
    return StageTransition.objects.create(
        project=project, kind=Move.CREATED, from_stage="", to_stage=Stage.IDEA, decided_on=day, by=by
    )


def advance_many(projects, decision, *, by):
    """The bulk action: each project one stage on, with the same decision. Returns (moved, refused), refused as
    [(project, message)]; one project's refusal does not stop the others."""
    moved, refused = [], []
    for project in projects:
        after = next_stage(project.stage)
        if project.stage == Stage.WITHDRAWN:
            refused.append((project, _("A withdrawn project does not advance; revoke the withdrawal first.")))
            continue
        if after is None:
            refused.append(
                (project, _("There is no next stage after “%(stage)s”.") % {"stage": project.get_stage_display()})
            )
            continue
        try:
            move(project, after, decision, by=by)
        except ValidationError as error:
            refused.append((project, " ".join(error.messages)))
        else:
            moved.append(project)
    return moved, refused


def publish(projects, *, by):
    """Publish the unpublished ones; returns how many. Each save is recorded in the history with its author."""
    count = 0
    for project in projects:
        if project.published:
            continue
        project.published, project.published_at = True, timezone.now()
        _save(project, by, ["published", "published_at", "updated"], _("Published"))
        _notify_submitter(project, "published")
        count += 1
    return count


def unpublish(projects, *, by):
    count = 0
    for project in projects:
        if not project.published:
            continue
        project.published, project.featured = False, False
        _save(project, by, ["published", "featured", "updated"], _("Unpublished"))
        count += 1
    return count


def set_featured(projects, featured, *, by):
    """Feature published projects (an unpublished one cannot be featured) or stop featuring. Returns (changed,
    skipped): skipped are unpublished projects that were to be featured."""
    changed, skipped = 0, 0
    for project in projects:
        if featured and not project.published:
            skipped += 1
            continue
        if project.featured != featured:
            project.featured = featured
            _save(project, by, ["featured", "updated"], _("Featured") if featured else _("No longer featured"))
            changed += 1
    return changed, skipped


def _change_reason(text):
    """simple-history keeps at most 100 characters of the reason for a change."""
    text = str(text)
    return text if len(text) <= 100 else text[:99] + "…"


def _save(project, by, fields, reason):
    project._history_user = by
    project._change_reason = _change_reason(reason)
    project.save(update_fields=fields)


# --- e-mails to the submitter --------------------------------------------------------------------------------


def _notify_submitter(project, kind, transition=None):
    """regionale/email/<kind>_subject.txt and .txt to whoever submitted the idea, in their language, after the
    commit. Nobody is told about projects without a submitter (imported or created in the admin)."""
    user = project.submitted_by
    if user is None or not user.is_active or not user.email:
        return
    with translation.override(user.mail_language):
        context = {
            "project": project,
            "transition": transition,
            "recipient": user,
            "site_url": settings.SITE_URL,
            "ideas_url": settings.SITE_URL + reverse("regionale:my_ideas"),
            "project_url": settings.SITE_URL + reverse("regionale:project", args=[project.slug]),
        }
        subject = render_to_string(f"regionale/email/{kind}_subject.txt", context)
        body = render_to_string(f"regionale/email/{kind}.txt", context)
    message = EmailMessage(" ".join(subject.split()), body, None, [user.email])
    mailqueue.send(message)
