"""`flask users …`: create, list, disable and reset accounts from the command line."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import or_
from sqlmodel import Session, col, select

from accounts import services
from accounts.models import Role, User
from db import database, session_scope
from errors import DomainError
from organizations.models import Organization


@click.group("users", help="Manage accounts.")
def users_cli() -> None:
    pass


def _find_org(session: Session, ref: str) -> Organization:
    stmt = select(Organization).where(
        or_(col(Organization.credit_code) == ref.upper(), col(Organization.name) == ref)
    )
    if ref.isdigit():
        stmt = select(Organization).where(Organization.id == int(ref))
    org = session.exec(stmt).first()
    if org is None:
        raise click.BadParameter(f"no organisation with id, name or credit code {ref!r}")
    return org


@users_cli.command("create", help="Create an account for an organisation.")
@click.option("--username", required=True, help="The login name.")
@click.option("--name", "display_name", required=True, help="The person's name.")
@click.option(
    "--role", type=click.Choice([r.value for r in Role]), required=True, help="What they do."
)
@click.option("--org", "org_ref", required=True, help="Organisation id, exact name or credit code.")
@click.option("--email", default=None, help="E-mail address for reminders.")
@click.password_option(help="The password (asked for when not given).")
@with_appcontext
def create(
    username: str, display_name: str, role: str, org_ref: str, email: str | None, password: str
) -> None:
    with session_scope(database().engine) as session:
        org = _find_org(session, org_ref)
        try:
            user = services.create_user(
                session,
                username=username,
                display_name=display_name,
                password=password,
                role=Role(role),
                organization_id=org.id or 0,
                email=email,
                must_change_password=False,
                min_password_length=current_app.config["MIN_PASSWORD_LENGTH"],
                actor=None,
            )
        except DomainError as error:
            raise click.ClickException(f"{error.field or 'error'}: {error.message}") from error
        click.echo(f"Created {user.username} ({role}) for {org.name}.")


@users_cli.command("list", help="List the accounts.")
@with_appcontext
def list_users() -> None:
    with session_scope(database().engine) as session:
        rows = session.exec(
            select(User, Organization)
            .join(Organization, col(Organization.id) == User.organization_id)
            .order_by(User.username)
        )
        for user, org in rows:
            state = "active" if user.active else "disabled"
            click.echo(f"{user.username:24} {user.role.value:20} {state:9} {org.name}")


@users_cli.command("disable", help="Disable an account and end its sessions.")
@click.argument("username")
@with_appcontext
def disable(username: str) -> None:
    with session_scope(database().engine) as session:
        user = session.exec(
            select(User).where(User.username == services.normalise_username(username))
        ).first()
        if user is None:
            raise click.ClickException(f"no account {username!r}")
        services.set_active(session, user, False, actor=None)
        click.echo(f"Disabled {user.username}.")
