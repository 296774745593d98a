"""The load of `make bench`: one page, requested in a loop by each simulated user.

The page comes from the environment (BENCH_PAGE, a JSON object written by the command):
method, path, the session cookies, and for POSTs a JSON body template that gets a fresh "uuid"."""

import json
import os
import uuid

from locust import HttpUser, constant, task

PAGE = json.loads(os.environ.get("BENCH_PAGE", "{}"))


class PageUser(HttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        # Logged in once by the command through the login form: the load measures pages only.
        self.client.cookies.update(PAGE["cookies"])
        self.csrf = PAGE["cookies"].get("csrftoken", "")

    @task
    def page(self) -> None:
        if PAGE["method"] == "GET":
            self.client.get(PAGE["path"], name=PAGE["name"])
            return
        body = dict(PAGE["body"], uuid=str(uuid.uuid4()))
        self.client.post(
            PAGE["path"],
            data=json.dumps(body),
            headers={"Content-Type": "application/json", "X-CSRFToken": self.csrf},
            name=PAGE["name"],
        )
