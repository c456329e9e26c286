"""Who a command-line run acts as, and ``stride-clinic users …``.

Once a database has users, every command that reads or changes records needs someone's
credentials: ``--user NAME`` (or ``STRIDE_CLINIC_USER``) and the password from
``STRIDE_CLINIC_PASSWORD`` for scripts, or typed at the prompt in a terminal. Passwords never
appear on the command line, where other users of the machine could read them.
"""

from __future__ import annotations

import argparse
import getpass
import os
import socket
import sys
from typing import TYPE_CHECKING

from clinic_app import APP_NAME

if TYPE_CHECKING:
    from clinic_app.services.context import Actor
    from clinic_app.services.registry import Services

USER_ENV = "STRIDE_CLINIC_USER"
PASSWORD_ENV = "STRIDE_CLINIC_PASSWORD"
NEW_PASSWORD_ENV = "STRIDE_CLINIC_NEW_PASSWORD"


class CommandRefused(Exception):
    """A command cannot go on; the message is the one line the user reads."""


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def signed_in_actor(services: Services, args: argparse.Namespace) -> Actor:
    """Check the credentials given for this run and return who acts."""
    from clinic_app.domain.errors import AccountLocked, AuthenticationFailed, PasswordNotSet

    username = getattr(args, "user", None) or os.environ.get(USER_ENV, "")
    if not username:
        if not _interactive():
            raise CommandRefused(f"sign in for this command: give --user NAME and set {PASSWORD_ENV}, "
                                 "or run it in a terminal to be asked.")
        username = input("User name: ").strip()
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        if not _interactive():
            raise CommandRefused(f"no password for {username}: set {PASSWORD_ENV}, or run the "
                                 "command in a terminal to be asked.")
        password = getpass.getpass(f"Password for {username}: ")
    try:
        signed = services.auth.sign_in(username, password, socket.gethostname())
    except AuthenticationFailed as exc:
        raise CommandRefused("the user name or password is not right.") from exc
    except AccountLocked as exc:
        until = exc.until.astimezone().strftime("%H:%M")
        raise CommandRefused(f"{username} is locked after too many wrong passwords until {until}; "
                             "an administrator can set a temporary password.") from exc
    except PasswordNotSet as exc:
        raise CommandRefused(f"{username} has no password yet: sign in to the app once to choose "
                             "one.") from exc
    if signed.must_change_password:
        raise CommandRefused(f"{username} has a temporary password: sign in to the app once to "
                             "choose your own, then run the command again.")
    return signed.actor


def new_password(required: bool) -> str:
    """A new password from ``STRIDE_CLINIC_NEW_PASSWORD`` or typed twice; ``""`` if none and allowed."""
    password = os.environ.get(NEW_PASSWORD_ENV)
    if password is not None:
        return password
    if not _interactive():
        if required:
            raise CommandRefused(f"set {NEW_PASSWORD_ENV} to the new password, or run the command "
                                 "in a terminal to be asked.")
        return ""
    first = getpass.getpass("New password: ")
    if first != getpass.getpass("Repeat the new password: "):
        raise CommandRefused("the two passwords are not the same.")
    return first


def first_user(services: Services, username: str, name: str) -> Actor:
    """On an empty database: create the practice's first administrator (a password is required)."""
    signed = services.auth.create_first_admin(username, name, new_password(required=True),
                                              socket.gethostname())
    return signed.actor


def run_users(services: Services, args: argparse.Namespace) -> int:
    """``stride-clinic users list|add|set-password|disable|enable``."""
    from clinic_app.domain.access import ROLE_NAMES
    from clinic_app.domain.patients import Role

    if not services.auth.has_users():
        if args.users_command != "add":
            print("No users yet: add the first administrator with 'users add'.")
            return 0 if args.users_command == "list" else 1
        actor = first_user(services, args.username, args.name)
        print(f"Added {actor.display_name} ({args.username.strip().lower()}) as the practice's "
              "first administrator.")
        return 0
    actor = signed_in_actor(services, args)
    if args.users_command == "list":
        from clinic_app.domain.access import Action
        from clinic_app.services.access import authorize

        authorize(services.db, actor, Action.MANAGE_USERS)
        for u in services.users.list_users(active_only=False):
            state = "active" if u.active else "disabled"
            print(f"{u.username:<20} {u.display_name:<30} {u.role.value:<11} {state}")
        return 0
    if args.users_command == "add":
        role = Role(args.role)
        services.users.create_user(actor, args.username, args.name, role,
                                   temporary_password=new_password(required=False))
        print(f"Added {args.name} ({args.username}) as {ROLE_NAMES[role]}.")
        return 0
    target = next((u for u in services.users.list_users(active_only=False)
                   if u.username == args.username.strip().lower()), None)
    if target is None:
        raise CommandRefused(f"there is no user called {args.username}.")
    if args.users_command == "set-password":
        services.auth.set_temporary_password(actor, target.id, new_password(required=True))
        print(f"{target.display_name} has a temporary password, to change at the next sign-in.")
    else:
        services.users.set_active(actor, target.id, args.users_command == "enable")
        print(f"{target.display_name} is {'enabled' if args.users_command == 'enable' else 'disabled'}.")
    return 0


def refuse(exc: CommandRefused) -> int:
    """Print the one line and return the exit status."""
    print(f"{APP_NAME}: {exc}", file=sys.stderr)
    return 1
