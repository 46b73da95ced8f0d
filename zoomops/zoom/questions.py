"""Registration questions of a webinar: `GET|PATCH /webinars/{id}/registrants/questions` (both LIGHT)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from zoomops.zoom.client import WebinarId, ZoomClient, path_id
from zoomops.zoom.models import ResponseModel
from zoomops.zoom.ratelimit import Category
from zoomops.zoom.settings_base import RequestModel

FieldName = Literal["last_name", "address", "city", "country", "zip", "state", "phone", "industry", "org",
                    "job_title", "purchasing_time_frame", "role_in_purchase_process", "no_of_employees", "comments"]
CustomType = Literal["short", "single_radio", "single_dropdown", "multiple"]


class Question(RequestModel):
    field_name: FieldName
    required: bool | None = None


class CustomQuestion(RequestModel):
    title: str
    type: CustomType
    required: bool | None = None
    answers: list[str] | None = None


class Questions(RequestModel):
    """Body of the PATCH (and shape of the GET): standard questions and custom ones."""

    questions: list[Question] = Field(default_factory=list)
    custom_questions: list[CustomQuestion] = Field(default_factory=list)


class QuestionsOut(ResponseModel):
    questions: list[dict[str, object]] = Field(default_factory=list)
    custom_questions: list[dict[str, object]] = Field(default_factory=list)


class RegistrationQuestions:
    def __init__(self, client: ZoomClient) -> None:
        self.client = client

    def get(self, webinar_id: WebinarId) -> QuestionsOut:
        response = self.client.call("GET", f"webinars/{path_id(webinar_id)}/registrants/questions", Category.LIGHT,
                                    frozenset({200}))
        return QuestionsOut.model_validate(response.json())

    def update(self, webinar_id: WebinarId, questions: Questions) -> None:
        """Replace both lists (204)."""
        body = questions.model_dump(mode="json", exclude_none=True)
        self.client.call("PATCH", f"webinars/{path_id(webinar_id)}/registrants/questions", Category.LIGHT,
                         frozenset({204}), json=body)
