"""Each user's own sign-ins and open sessions ("Mes connexions"), and ending them."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from ccas_visits.lib.permissions import MANAGER, VOLUNTEER
from ccas_visits.lib.sessions import public_id
from seniors.models import AccessLog
from seniors.models.access import verify_chain
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
SAFARI_IPAD = (
    "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)
PASSWORD = "secret-pass-123"  # tests.factories.UserFactory's


def signed_in(user, user_agent: str, address: str = "192.0.2.10") -> Client:
    """Signed in through the login page, as a person would (force_login sends no browser)."""
    client = Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def key_of(client: Client) -> str:
    return client.session.session_key


@pytest.mark.parametrize("role", [VOLUNTEER, MANAGER])
def test_a_user_sees_their_open_sessions_with_this_one_marked(role):
    josiane = UserFactory(username="josiane", role=role)
    desk = signed_in(josiane, FIREFOX_WINDOWS)
    signed_in(josiane, SAFARI_IPAD, address="198.51.100.7")
    signed_in(
        UserFactory(username="autre", role=role), "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36"
    )

    page = desk.get(reverse("my_sessions")).content.decode()
    assert "Firefox, Windows" in page and "192.0.2.10" in page
    assert "Safari, iPad" in page and "198.51.100.7" in page
    assert "Chrome, Linux" not in page  # someone else's
    assert page.count(">cette session<") == 1
    assert page.index("Firefox, Windows") < page.index("Safari, iPad")  # this session first
    assert "Mettre fin à toutes mes autres sessions" in page
    # The session's key, which would sign anyone in, is never in the page.
    assert key_of(desk) not in page


def test_ending_another_session_signs_it_out_and_is_logged():
    josiane = UserFactory(username="josiane", role=VOLUNTEER)
    desk, tablet = signed_in(josiane, FIREFOX_WINDOWS), signed_in(josiane, SAFARI_IPAD)
    response = desk.post(reverse("my_sessions_end"), {"session": public_id(key_of(tablet))}, follow=True)
    assert "1 session fermée." in response.content.decode()
    answer = tablet.get(reverse("visits:my_seniors"))
    assert answer.status_code == 302 and answer.url.startswith(reverse("login"))
    assert desk.get(reverse("my_sessions")).status_code == 200
    ended = AccessLog.objects.get(action=AccessLog.Action.SESSION_ENDED)
    assert (ended.user, ended.rows) == (josiane, 1)
    assert verify_chain().is_intact


def test_ending_all_other_sessions_keeps_this_one_and_other_peoples():
    josiane, paul = UserFactory(username="josiane"), UserFactory(username="paul")
    desk = signed_in(josiane, FIREFOX_WINDOWS)
    signed_in(josiane, SAFARI_IPAD), signed_in(josiane, SAFARI_IPAD)
    pauls = signed_in(paul, SAFARI_IPAD)
    response = desk.post(reverse("my_sessions_end"), {"session": "others"}, follow=True)
    assert "2 sessions fermées." in response.content.decode()
    owners = sorted(s.get_decoded()["_auth_user_id"] for s in Session.objects.all())
    assert owners == sorted([str(josiane.pk), str(paul.pk)])
    assert key_of(desk) in Session.objects.values_list("session_key", flat=True)
    assert pauls.get(reverse("my_sessions")).status_code == 200


def test_someone_elses_session_or_an_unknown_one_cannot_be_ended():
    josiane, paul = UserFactory(username="josiane"), UserFactory(username="paul")
    desk, pauls = signed_in(josiane, FIREFOX_WINDOWS), signed_in(paul, SAFARI_IPAD)
    for target in (public_id(key_of(pauls)), public_id(key_of(desk)), "0" * 24, "", "\x00", "x" * 10**6):
        response = desk.post(reverse("my_sessions_end"), {"session": target}, follow=True)
        assert "Aucune autre session à fermer" in response.content.decode()
    assert pauls.get(reverse("my_sessions")).status_code == 200
    assert desk.get(reverse("my_sessions")).status_code == 200
    assert not AccessLog.objects.filter(action=AccessLog.Action.SESSION_ENDED).exists()


def test_the_page_lists_the_users_own_sign_ins_and_failed_attempts(client):
    josiane = UserFactory(username="josiane")
    UserFactory(username="paul")
    client.post(reverse("login"), {"username": "josiane", "password": "faux"})
    client.post(reverse("login"), {"username": "paul", "password": "faux"})
    desk = signed_in(josiane, FIREFOX_WINDOWS)
    page = desk.get(reverse("my_sessions")).content.decode()
    assert page.count("Échec de connexion") == 1  # hers, not Paul's
    assert "S’est connecté·e" in page


def test_a_session_from_before_a_password_change_is_not_shown_as_open():
    josiane = UserFactory(username="josiane")
    old = signed_in(josiane, SAFARI_IPAD)
    josiane.set_password("un tout nouveau mot de passe")
    josiane.save()
    desk = Client(HTTP_USER_AGENT=FIREFOX_WINDOWS)
    desk.post(reverse("login"), {"username": "josiane", "password": "un tout nouveau mot de passe"})
    page = desk.get(reverse("my_sessions")).content.decode()
    open_sessions = page.split("Dernières connexions")[0]  # the sign-in itself stays listed below
    assert "Firefox, Windows" in open_sessions and "Safari, iPad" not in open_sessions
    assert old.get(reverse("my_sessions")).status_code == 302


def test_every_page_links_to_my_sign_ins(volunteer_a_client, coordinator_client):
    for client, page in ((volunteer_a_client, "visits:my_seniors"), (coordinator_client, "dashboard")):
        assert f'href="{reverse("my_sessions")}"' in client.get(reverse(page)).content.decode()
