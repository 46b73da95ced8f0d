"""Zoom's webinar settings (create and update), GENERATED from the vendored spec — do not edit.

Source: zoomops/sandbox/spec/zoom_webinar_subset.json; generator: zoomops/zoom/gen_settings.py.
"""

# ruff: noqa: E501

from __future__ import annotations

from typing import Literal

from pydantic import Field

from zoomops.zoom.settings_base import InterpreterForms, RequestModel, SettingsRules


class AttendeesAndPanelistsReminderEmailNotification(RequestModel):
    enable: bool | None = None
    type: Literal[0, 1, 2, 3, 4, 5, 6, 7] | None = None


class LanguageInterpretationInterpreter(InterpreterForms):
    email: str | None = None
    languages: str | None = None
    interpreter_languages: str | None = None


class LanguageInterpretation(RequestModel):
    enable: bool | None = None
    interpreters: list[LanguageInterpretationInterpreter] | None = None


class SignLanguageInterpretationInterpreter(RequestModel):
    email: str | None = None
    sign_language: str | None = None


class SignLanguageInterpretation(RequestModel):
    enable: bool | None = None
    interpreters: list[SignLanguageInterpretationInterpreter] | None = Field(default=None, max_length=20)


class QuestionAndAnswer(RequestModel):
    allow_submit_questions: bool | None = None
    allow_anonymous_questions: bool | None = None
    answer_questions: Literal['only', 'all'] | None = None
    attendees_can_comment: bool | None = None
    attendees_can_upvote: bool | None = None
    allow_auto_reply: bool | None = None
    auto_reply_text: str | None = None
    enable: bool | None = None


class WebinarSettings(SettingsRules):
    allow_multiple_devices: bool | None = None
    alternative_hosts: str | None = None
    alternative_host_update_polls: bool | None = None
    approval_type: Literal[0, 1, 2] | None = None
    attendees_and_panelists_reminder_email_notification: AttendeesAndPanelistsReminderEmailNotification | None = None
    audio: Literal['both', 'telephony', 'voip', 'thirdParty'] | None = None
    audio_conference_info: str | None = Field(default=None, max_length=2048)
    authentication_domains: str | None = None
    authentication_option: str | None = None
    auto_recording: Literal['local', 'cloud', 'none'] | None = None
    close_registration: bool | None = None  # deprecated in Zoom's spec
    contact_email: str | None = None
    contact_name: str | None = None
    email_language: Literal['en-US', 'de-DE', 'es-ES', 'fr-FR', 'id-ID', 'jp-JP', 'nl-NL', 'pl-PL', 'pt-PT', 'ru-RU', 'tr-TR', 'zh-CN', 'zh-TW', 'ko-KO', 'it-IT', 'vi-VN'] | None = None
    enforce_login: bool | None = None  # deprecated in Zoom's spec
    enforce_login_domains: str | None = None  # deprecated in Zoom's spec
    follow_up_absentees_email_notification: AttendeesAndPanelistsReminderEmailNotification | None = None
    follow_up_attendees_email_notification: AttendeesAndPanelistsReminderEmailNotification | None = None
    global_dial_in_countries: list[str] | None = None
    hd_video: bool | None = None
    hd_video_for_attendees: bool | None = None
    host_video: bool | None = None
    language_interpretation: LanguageInterpretation | None = None
    sign_language_interpretation: SignLanguageInterpretation | None = None
    panelist_authentication: bool | None = None
    meeting_authentication: bool | None = None
    add_watermark: bool | None = None
    add_audio_watermark: bool | None = None
    on_demand: bool | None = None
    panelists_invitation_email_notification: bool | None = None
    panelists_video: bool | None = None
    post_webinar_survey: bool | None = None
    practice_session: bool | None = None
    question_and_answer: QuestionAndAnswer | None = None
    registrants_email_notification: bool | None = None
    registrants_restrict_number: int | None = Field(default=None, ge=0, le=20000)
    registration_type: Literal[1, 2, 3] | None = None
    send_1080p_video_to_attendees: bool | None = None
    show_share_button: bool | None = None
    survey_url: str | None = None
    enable_session_branding: bool | None = None


class WebinarUpdateSettings(SettingsRules):
    allow_multiple_devices: bool | None = None
    alternative_hosts: str | None = None
    alternative_host_update_polls: bool | None = None
    approval_type: Literal[0, 1, 2] | None = None
    attendees_and_panelists_reminder_email_notification: AttendeesAndPanelistsReminderEmailNotification | None = None
    audio: Literal['both', 'telephony', 'voip', 'thirdParty'] | None = None
    audio_conference_info: str | None = Field(default=None, max_length=2048)
    authentication_domains: str | None = None
    authentication_name: str | None = None
    authentication_option: str | None = None
    auto_recording: Literal['local', 'cloud', 'none'] | None = None
    close_registration: bool | None = None  # deprecated in Zoom's spec
    contact_email: str | None = None
    contact_name: str | None = None
    email_language: Literal['en-US', 'de-DE', 'es-ES', 'fr-FR', 'jp-JP', 'pt-PT', 'ru-RU', 'zh-CN', 'zh-TW', 'ko-KO', 'it-IT', 'vi-VN'] | None = None
    enforce_login: bool | None = None  # deprecated in Zoom's spec
    enforce_login_domains: str | None = None  # deprecated in Zoom's spec
    follow_up_absentees_email_notification: AttendeesAndPanelistsReminderEmailNotification | None = None
    follow_up_attendees_email_notification: AttendeesAndPanelistsReminderEmailNotification | None = None
    global_dial_in_countries: list[str] | None = None
    hd_video: bool | None = None
    hd_video_for_attendees: bool | None = None
    host_video: bool | None = None
    language_interpretation: LanguageInterpretation | None = None
    sign_language_interpretation: SignLanguageInterpretation | None = None
    panelist_authentication: bool | None = None
    meeting_authentication: bool | None = None
    add_watermark: bool | None = None
    add_audio_watermark: bool | None = None
    notify_registrants: bool | None = None
    on_demand: bool | None = None
    panelists_invitation_email_notification: bool | None = None
    panelists_video: bool | None = None
    post_webinar_survey: bool | None = None
    practice_session: bool | None = None
    question_and_answer: QuestionAndAnswer | None = None
    registrants_confirmation_email: bool | None = None
    registrants_email_notification: bool | None = None
    registrants_restrict_number: int | None = Field(default=None, ge=0, le=20000)
    registration_type: Literal[1, 2, 3] | None = None
    send_1080p_video_to_attendees: bool | None = None
    show_share_button: bool | None = None
    survey_url: str | None = None
    enable_session_branding: bool | None = None
