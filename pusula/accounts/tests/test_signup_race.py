"""Eight sign-ups with one new address at the same moment, on a real gunicorn server with several workers:
one account, one welcome, and for everyone else the ordinary "already registered" message, never a 500."""

import requests

from conftest import SMALL_PACK
from pusula.assessments.tests.test_durability import CSRF_INPUT, db_tool, in_threads, own_database, served

TAKEN = "Bu e-posta adresiyle bir hesap zaten var"


def test_parallel_signups_with_one_address_make_one_account(tmp_path):
    with own_database(tmp_path) as database_url:
        db_tool(database_url, "prepare", SMALL_PACK, 1)
        with served(database_url, tmp_path / "gunicorn.log") as server:
            results = []

            def sign_up(i, barrier):
                session = requests.Session()
                page = session.get(f"{server.url}/accounts/signup/", timeout=30)
                csrf = CSRF_INPUT.search(page.text).group(1)
                barrier.wait(30)
                response = session.post(
                    f"{server.url}/accounts/signup/",
                    # one address in several spellings: the database must see them as one
                    {
                        "csrfmiddlewaretoken": csrf,
                        "email": ["yaris@example.org", "Yaris@Example.org"][i % 2],
                        "password": "kelebek-ucar-42",
                        "name": f"Kişi {i}",
                    },  # fmt: skip
                    allow_redirects=False,
                    timeout=60,
                )
                results.append((response.status_code, response.text))

            in_threads(8, sign_up)
            log = server.log_tail()
        statuses = sorted(status for status, _text in results)
        assert statuses == [302] + [400] * 7, (statuses, log)
        assert all(TAKEN in text for status, text in results if status == 400)
        assert "Traceback" not in log and "IntegrityError" not in log
