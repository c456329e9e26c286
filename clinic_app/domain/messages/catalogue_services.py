"""Message templates of the services' and persistence's errors, by code (see ``messages.core``)."""

from __future__ import annotations

from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP

ENTRIES: dict[str, str] = {
    "access.not_active_user_practice_any": QT_TRANSLATE_NOOP(
        "Errors",
        "{display_name} is not an active user of this practice any more. Sign in again."),
    "access.signed_as_which_may_not": QT_TRANSLATE_NOOP(
        "Errors",
        "{display_name} is signed in as {role}, which may not {action}. Ask a colleague who may, or an "
        "administrator to change your role."),
    "appointment.gone": QT_TRANSLATE_NOOP("Errors", "This appointment no longer exists."),
    "appointments.appointment_cannot_marked": QT_TRANSLATE_NOOP(
        "Errors",
        "This appointment is {status}; it cannot be marked {new_status}."),
    "appointments.appointment_no_longer_exists_someone": QT_TRANSLATE_NOOP(
        "Errors",
        "This appointment no longer exists: someone may have removed it. The diary will refresh."),
    "appointments.appointment_still_come_cannot_marked": QT_TRANSLATE_NOOP(
        "Errors",
        "An appointment still to come cannot be marked as not attended: cancel it instead."),
    "appointments.appointment_time_can_no_longer": QT_TRANSLATE_NOOP(
        "Errors",
        "This appointment is {status}: its time can no longer change."),
    "appointments.appointment_time_needs_time_zone": QT_TRANSLATE_NOOP(
        "Errors",
        "The appointment time needs a time zone."),
    "appointments.appointments_start_5_minute_mark": QT_TRANSLATE_NOOP(
        "Errors",
        "Appointments start on a 5-minute mark."),
    "appointments.archived_restore_patient_before_booking": QT_TRANSLATE_NOOP(
        "Errors",
        "{value} is archived: restore the patient before booking."),
    "appointments.choose_clinician_who_works_practice": QT_TRANSLATE_NOOP(
        "Errors",
        "Choose a clinician who works at the practice."),
    "appointments.diary_settings_were_removed_reopen": QT_TRANSLATE_NOOP(
        "Errors",
        "The diary settings were removed; reopen them."),
    "appointments.does_not_see_patients_choose": QT_TRANSLATE_NOOP(
        "Errors",
        "{display_name} does not see patients: choose a clinician."),
    "appointments.has_no_open_episode_care": QT_TRANSLATE_NOOP(
        "Errors",
        "{name} has no open episode of care. Write the reason for the visit in the appointment (Edit "
        "appointment), or open an episode in the chart, then start the session again."),
    "appointments.patient_no_longer_exists": QT_TRANSLATE_NOOP("Errors", "This patient no longer exists."),
    "appointments.patients_check_start_their_session": QT_TRANSLATE_NOOP(
        "Errors",
        "Patients check in and start their session on the day of the appointment."),
    "appointments.required_say_why_appointment_cancelled": QT_TRANSLATE_NOOP(
        "Errors",
        "Required: say why the appointment is cancelled."),
    "appointments.that_day_has_passed_choose": QT_TRANSLATE_NOOP(
        "Errors",
        "That day has passed: choose today or a later day."),
    "appointments.waitlist_entry_was_already_removed": QT_TRANSLATE_NOOP(
        "Errors",
        "This waitlist entry was already removed."),
    "audit.already_exists_choose_new_file": QT_TRANSLATE_NOOP(
        "Errors",
        "{target} already exists; choose a new file name."),
    "audit.audit_key_damaged_has_wrong": QT_TRANSLATE_NOOP(
        "Errors",
        "This audit key is damaged: it has the wrong length."),
    "audit.audit_key_file_damaged_has": QT_TRANSLATE_NOOP(
        "Errors",
        "This audit key file is damaged: it has the wrong length."),
    "audit.audit_key_file_damaged_not": QT_TRANSLATE_NOOP(
        "Errors",
        "This audit key file is damaged: it is not valid hexadecimal."),
    "audit.cannot_read": QT_TRANSLATE_NOOP("Errors", "Cannot read {source}: {exc}"),
    "audit.key_missing": QT_TRANSLATE_NOOP(
        "Errors",
        "This workstation does not hold the practice's audit key, so it cannot add to the audit trail and"
        " nothing was saved. On a workstation that saves normally, run 'stride-clinic audit key export "
        "FILE' (or use Export audit key… in Practice → Audit log); copy FILE here and run 'stride-clinic "
        "audit key import FILE'. If this computer replaces one that was lost, restore the latest backup "
        "(File → Restore a backup…): backups carry the key, sealed with the backup passphrase."),
    "audit.not_chart_number_such_as": QT_TRANSLATE_NOOP(
        "Errors",
        "'{chart}' is not a chart number such as SC-000123."),
    "audit.not_stride_clinic_audit_key": QT_TRANSLATE_NOOP(
        "Errors",
        "This is not a Stride Clinic audit key file."),
    "audit.there_no_patient_with_chart": QT_TRANSLATE_NOOP(
        "Errors",
        "There is no patient with chart number SC-{number:06d}."),
    "audit.workstation_does_not_hold_audit": QT_TRANSLATE_NOOP(
        "Errors",
        "This workstation does not hold the audit key of this database, so it cannot export it."),
    "auth.choose_password_you_have_not": QT_TRANSLATE_NOOP(
        "Errors",
        "Choose a password you have not used here."),
    "auth.not_your_current_password": QT_TRANSLATE_NOOP("Errors", "This is not your current password."),
    "auth.user_does_not_exist": QT_TRANSLATE_NOOP("Errors", "This user does not exist."),
    "auth.users_already_exist_sign_ask": QT_TRANSLATE_NOOP(
        "Errors",
        "Users already exist: sign in, or ask an administrator to add you."),
    "backup.automatic_backups_apply_sqlite_databases": QT_TRANSLATE_NOOP(
        "Errors",
        "Automatic backups apply to SQLite databases only."),
    "backup.backup_database_file_sqlite_not": QT_TRANSLATE_NOOP(
        "Errors",
        "This backup is of a database file (SQLite), not of a PostgreSQL server; restore it on a "
        "workstation that uses a database file. Nothing was changed."),
    "backup.backup_decrypted_but_database_damaged": QT_TRANSLATE_NOOP(
        "Errors",
        "The backup decrypted but its database is damaged; nothing was changed. Try an older backup."),
    "backup.backup_decrypted_but_not_usable": QT_TRANSLATE_NOOP(
        "Errors",
        "The backup decrypted but is not a usable database ({exc}). Nothing was changed."),
    "backup.backup_folder_cannot_used_connect": QT_TRANSLATE_NOOP(
        "Errors",
        "The backup folder {parent} cannot be used ({strerror}). Connect the drive it is on, or choose "
        "another folder (Practice → Backups…). Nothing was written."),
    "backup.backup_passphrase_needs_least_characters": QT_TRANSLATE_NOOP(
        "Errors",
        "The backup passphrase needs at least {min_passphrase} characters."),
    "backup.backup_s_header_damaged_key": QT_TRANSLATE_NOOP(
        "Errors",
        "The backup's header is damaged (key settings); nothing was changed."),
    "backup.backup_was_made_by_newer": QT_TRANSLATE_NOOP(
        "Errors",
        "This backup was made by a newer version of Stride Clinic; install that version to restore it. "
        "Nothing was changed."),
    "backup.backup_was_made_with_another": QT_TRANSLATE_NOOP(
        "Errors",
        "This backup was made with another passphrase than the key stored on this computer: type the "
        "practice passphrase. Nothing was changed."),
    "backup.cancelled": QT_TRANSLATE_NOOP("Errors", "The backup was cancelled; no backup file was written."),
    "backup.choose_whole_folder_path_example": QT_TRANSLATE_NOOP(
        "Errors",
        "Choose a whole folder path (for example from Browse…)."),
    "backup.could_not_started": QT_TRANSLATE_NOOP(
        "Errors",
        "{what} could not be started ({strerror}). {not_installed}"),
    "backup.failed_nothing_was_changed": QT_TRANSLATE_NOOP(
        "Errors",
        "{what} failed: {detail}. Nothing was changed."),
    "backup.file_not_stride_clinic_backup": QT_TRANSLATE_NOOP(
        "Errors",
        "This file is not a Stride Clinic backup. Nothing was changed."),
    "backup.header_damaged": QT_TRANSLATE_NOOP(
        "Errors",
        "The backup's header is damaged; nothing was changed."),
    "backup.pg_tools_missing": QT_TRANSLATE_NOOP(
        "Errors",
        "Backing up a PostgreSQL database needs the PostgreSQL client programs pg_dump and pg_restore on "
        "this computer (Debian/Ubuntu: apt install postgresql-client; Windows and macOS: the PostgreSQL "
        "installer's command-line tools), of the same or a newer version than the server. Install them, "
        "or back up on the server: pg_dump --format=custom --file=stride.dump DATABASE."),
    "backup.postgres_how": QT_TRANSLATE_NOOP(
        "Errors",
        "This practice's records are on a PostgreSQL server: back it up with 'stride-clinic backup --out "
        "FILE' on a computer with the PostgreSQL client programs (pg_dump), or on the server with pg_dump"
        " --format=custom."),
    "backup.sign_as_administrator_make_restore": QT_TRANSLATE_NOOP(
        "Errors",
        "Sign in as an administrator to make or restore backups."),
    "backup.unknown_schema": QT_TRANSLATE_NOOP(
        "Errors",
        "The backup has schema '{revision}', which this version of Stride Clinic does not know. Nothing "
        "was changed."),
    "backup.wrong_passphrase": QT_TRANSLATE_NOOP(
        "Errors",
        "The backup could not be opened: the passphrase is not the one it was made with, or the file was "
        "changed or damaged after it was made. Nothing was changed."),
    "branding.choose_another_logo_practice_settings": QT_TRANSLATE_NOOP(
        "Errors",
        "{exc}. Choose another logo in the practice settings."),
    "branding.give_address_as_lines_text": QT_TRANSLATE_NOOP("Errors", "Give the address as lines of text."),
    "branding.large_print_must_off": QT_TRANSLATE_NOOP("Errors", "Large print must be on or off."),
    "branding.letterhead_was_removed_reopen": QT_TRANSLATE_NOOP(
        "Errors",
        "The letterhead was removed; reopen it."),
    "branding.most_address_lines_up_120": QT_TRANSLATE_NOOP(
        "Errors",
        "At most {address_lines_max} address lines of up to 120 characters."),
    "branding.must_text": QT_TRANSLATE_NOOP("Errors", "Must be text."),
    "branding.paper_size_must_a4_letter": QT_TRANSLATE_NOOP(
        "Errors",
        "Paper size must be A4 or Letter, not {paper!r}."),
    "branding.practice_name_printed_every_document": QT_TRANSLATE_NOOP(
        "Errors",
        "The practice name is printed on every document: enter it."),
    "branding.unknown_setting_s": QT_TRANSLATE_NOOP("Errors", "Unknown setting(s): {unknown}."),
    "care.discharge_date_must_lie_between": QT_TRANSLATE_NOOP(
        "Errors",
        "The discharge date must lie between the episode's start and today."),
    "care.draft_note_edited_directly_amendments": QT_TRANSLATE_NOOP(
        "Errors",
        "A draft note is edited directly; amendments are for signed notes."),
    "care.empty_note_cannot_signed": QT_TRANSLATE_NOOP("Errors", "An empty note cannot be signed."),
    "care.episode_already_discharged": QT_TRANSLATE_NOOP("Errors", "This episode is already discharged."),
    "care.episode_cannot_start_before_date": QT_TRANSLATE_NOOP(
        "Errors",
        "The episode cannot start before the date of birth."),
    "care.episode_cannot_start_future": QT_TRANSLATE_NOOP(
        "Errors",
        "The episode cannot start in the future."),
    "care.note_already_signed": QT_TRANSLATE_NOOP("Errors", "This note is already signed."),
    "care.note_signed_can_no_longer": QT_TRANSLATE_NOOP(
        "Errors",
        "This note is signed and can no longer change; add an amendment instead."),
    "care.required_describe_presenting_complaint": QT_TRANSLATE_NOOP(
        "Errors",
        "Required: describe the presenting complaint."),
    "care.required_type_amendment": QT_TRANSLATE_NOOP("Errors", "Required: type the amendment."),
    "care.visit_cannot_before_episode_started": QT_TRANSLATE_NOOP(
        "Errors",
        "The visit cannot be before the episode started ({start_date})."),
    "care.visit_time_needs_time_zone": QT_TRANSLATE_NOOP("Errors", "The visit time needs a time zone."),
    "care.visits_can_only_added_open": QT_TRANSLATE_NOOP(
        "Errors",
        "Visits can only be added to an open episode."),
    "caseload.choose_low_medium_high_risk": QT_TRANSLATE_NOOP(
        "Errors",
        "Choose low, medium or high risk, not recorded, or any."),
    "caseload.choose_one_listed_presentations_any": QT_TRANSLATE_NOOP(
        "Errors",
        "Choose one of the listed presentations, or any."),
    "caseload.choose_range_most_years": QT_TRANSLATE_NOOP(
        "Errors",
        "Choose a range of at most {max_range_years} years."),
    "common.cannot_write": QT_TRANSLATE_NOOP("Errors", "Cannot write {path}: {error}"),
    "common.end_before_start": QT_TRANSLATE_NOOP("Errors", "The end date is before the start date."),
    "common.folder_missing": QT_TRANSLATE_NOOP("Errors", "The folder {folder} does not exist."),
    "common.required": QT_TRANSLATE_NOOP("Errors", "Required."),
    "common.too_long": QT_TRANSLATE_NOOP("Errors", "Too long: at most {limit} characters."),
    "episode.not_found": QT_TRANSLATE_NOOP("Errors", "Episode {episode_id} does not exist."),
    "erasure.say_how_request_was_made": QT_TRANSLATE_NOOP(
        "Errors",
        "Say how the request was made and by whom."),
    "exams.choose_accept_override": QT_TRANSLATE_NOOP("Errors", "Choose accept or override."),
    "exams.exam_was_removed_reload_visit": QT_TRANSLATE_NOOP(
        "Errors",
        "This exam was removed; reload the visit."),
    "exams.give_reason_overriding_interpretation": QT_TRANSLATE_NOOP(
        "Errors",
        "Give the reason for overriding this interpretation."),
    "exams.save_exam_before_accepting_interpretation": QT_TRANSLATE_NOOP(
        "Errors",
        "Save the exam before accepting its interpretation."),
    "exams.visit_note_signed_so_exam": QT_TRANSLATE_NOOP(
        "Errors",
        "The visit note is signed, so its exam is read-only."),
    "exercises.exercise_with_name_already_exists": QT_TRANSLATE_NOOP(
        "Errors",
        "An exercise with this name already exists."),
    "exercises.not_library": QT_TRANSLATE_NOOP("Errors", "{link} '{entry}' is not in the library"),
    "exercises.not_png_jpeg_svg_image": QT_TRANSLATE_NOOP(
        "Errors",
        "{name} is not a PNG, JPEG or SVG image."),
    "handouts.document_damaged_database": QT_TRANSLATE_NOOP(
        "Errors",
        "Document {record_id} is damaged in the database."),
    "handouts.document_not_chart": QT_TRANSLATE_NOOP("Errors", "Document {record_id} is not in the chart."),
    "handouts.episode_not_one_s_episodes": QT_TRANSLATE_NOOP(
        "Errors",
        "Episode {episode_id} is not one of {full_name}'s episodes."),
    "handouts.handout_text_cannot_read": QT_TRANSLATE_NOOP(
        "Errors",
        "The handout text {name} cannot be read: {exc}"),
    "handouts.has_no_episode_care_yet": QT_TRANSLATE_NOOP(
        "Errors",
        "{full_name} has no episode of care yet: open one on the Overview tab."),
    "handouts.has_no_exercise_plan_yet": QT_TRANSLATE_NOOP(
        "Errors",
        "{full_name} has no exercise plan yet: build one on the Plan tab."),
    "handouts.has_no_recorded_exam_yet": QT_TRANSLATE_NOOP(
        "Errors",
        "{full_name} has no recorded exam yet: record one on the Exam tab."),
    "handouts.no_exam_was_recorded_visit": QT_TRANSLATE_NOOP(
        "Errors",
        "No exam was recorded at this visit: record one on the Exam tab."),
    "handouts.no_return_performance_sheet_printed": QT_TRANSLATE_NOOP(
        "Errors",
        "No return-to-performance sheet printed for {full_name}: {where}. Move the plan to phase {phase} "
        "on the Plan tab once the walk/run programme is complete."),
    "handouts.plan_uses_exercise_which_no": QT_TRANSLATE_NOOP(
        "Errors",
        "The plan uses exercise '{exercise_id}', which is no longer in the library: update the plan "
        "first."),
    "handouts.unknown_document_choose_one": QT_TRANSLATE_NOOP(
        "Errors",
        "Unknown document '{kind}': choose one of {choices}."),
    "handouts.visit_not_one_s_visits": QT_TRANSLATE_NOOP(
        "Errors",
        "Visit {visit_id} is not one of {full_name}'s visits."),
    "handouts.walk_run_programme_was_stopped": QT_TRANSLATE_NOOP(
        "Errors",
        "The walk/run programme was stopped for review: a clinician must restart it before a new schedule"
        " is printed."),
    "handouts.walk_run_programme_was_stopped_2": QT_TRANSLATE_NOOP(
        "Errors",
        "The walk/run programme was stopped for review: a clinician must restart it before running advice"
        " is printed."),
    "intake.intake_revision_does_not_exist": QT_TRANSLATE_NOOP(
        "Errors",
        "Intake revision {revision} does not exist."),
    "measures.measures_cannot_recorded_visit_future": QT_TRANSLATE_NOOP(
        "Errors",
        "Measures cannot be recorded for a visit in the future."),
    "measures.these_psfs_ratings_belong_another": QT_TRANSLATE_NOOP(
        "Errors",
        "These PSFS ratings belong to another episode's activities."),
    "measures.visit_dated_before_episode_started": QT_TRANSLATE_NOOP(
        "Errors",
        "This visit is dated before the episode started."),
    "measures.visit_note_signed_so_measures": QT_TRANSLATE_NOOP(
        "Errors",
        "The visit note is signed, so its measures are read-only."),
    "patient.not_found": QT_TRANSLATE_NOOP("Errors", "Patient {patient_id} does not exist."),
    "plans.adherence_cannot_recorded_future_week": QT_TRANSLATE_NOOP(
        "Errors",
        "Adherence cannot be recorded for a future week."),
    "plans.give_template_name_most_120": QT_TRANSLATE_NOOP(
        "Errors",
        "Give the template a name (at most 120 characters)."),
    "plans.prescribed_sessions_must_1_50": QT_TRANSLATE_NOOP(
        "Errors",
        "Prescribed sessions must be 1–50 (got {prescribed})."),
    "plans.sessions_done_must_0_50": QT_TRANSLATE_NOOP("Errors", "Sessions done must be 0–50 (got {done})."),
    "plans.template_with_name_already_exists": QT_TRANSLATE_NOOP(
        "Errors",
        "A template with this name already exists."),
    "plans.there_no_template_called": QT_TRANSLATE_NOOP("Errors", "There is no template called {name}."),
    "plans.week_s_adherence_was_removed": QT_TRANSLATE_NOOP(
        "Errors",
        "This week's adherence was removed; reload it."),
    "record_export.episode_not_one_patient_s": QT_TRANSLATE_NOOP(
        "Errors",
        "Episode {episode_id} is not one of this patient's episodes."),
    "red_flags.continuing_exercise_was_already_confirmed": QT_TRANSLATE_NOOP(
        "Errors",
        "Continuing exercise was already confirmed for this flag."),
    "red_flags.describe_action_taken": QT_TRANSLATE_NOOP(
        "Errors",
        "Describe the action taken (e.g. 'Sent to the emergency department by ambulance at 10:40')."),
    "red_flags.describe_review_outcome": QT_TRANSLATE_NOOP(
        "Errors",
        "Describe the outcome of the medical review."),
    "red_flags.flag_already_closed": QT_TRANSLATE_NOOP("Errors", "This flag is already closed."),
    "red_flags.flag_was_already_acknowledged": QT_TRANSLATE_NOOP(
        "Errors",
        "This flag was already acknowledged."),
    "red_flags.flag_was_already_resolved": QT_TRANSLATE_NOOP("Errors", "This flag was already resolved."),
    "red_flags.only_items_answered_no_can": QT_TRANSLATE_NOOP(
        "Errors",
        "Only items answered No can be recorded as marked No together."),
    "red_flags.only_prompt_flag_other_than": QT_TRANSLATE_NOOP(
        "Errors",
        "Only a prompt flag (other than F3, which stops running) can be confirmed: record the outcome of "
        "the medical review instead."),
    "red_flags.prompt_flag_confirm_whether_exercise": QT_TRANSLATE_NOOP(
        "Errors",
        "For this prompt flag, confirm whether exercise may continue, with the reason."),
    "red_flags.record_action_taken_emergency_flag": QT_TRANSLATE_NOOP(
        "Errors",
        "Record the action taken for this emergency flag before its outcome."),
    "red_flags.red_flag_does_not_exist": QT_TRANSLATE_NOOP("Errors", "Red flag {event_id} does not exist."),
    "red_flags.say_why_exercise_may_continue": QT_TRANSLATE_NOOP(
        "Errors",
        "Say why exercise may continue (e.g. 'No systemic symptoms; GP letter sent today; review in 5 "
        "days')."),
    "red_flags.visit_does_not_belong_episode": QT_TRANSLATE_NOOP(
        "Errors",
        "The visit does not belong to this episode."),
    "run_import.reading_was_cancelled_read_files": QT_TRANSLATE_NOOP(
        "Errors",
        "The reading was cancelled: read the files again before saving, so that every file is checked."),
    "run_import.there_are_no_new_runs": QT_TRANSLATE_NOOP("Errors", "There are no new runs to save."),
    "run_programme.programme_not_stopped_so_there": QT_TRANSLATE_NOOP(
        "Errors",
        "The programme is not stopped, so there is nothing to restart."),
    "run_programme.programme_stopped_review_record_review": QT_TRANSLATE_NOOP(
        "Errors",
        "The programme is stopped for review: record the review outcome with Restart programme… instead."),
    "run_programme.programme_was_stopped_review_clinician": QT_TRANSLATE_NOOP(
        "Errors",
        "The programme was stopped for review: a clinician must restart it (log the review outcome, then "
        "start again at a chosen stage)."),
    "run_programme.record_what_review_found_decided": QT_TRANSLATE_NOOP(
        "Errors",
        "Record what the review found and decided before restarting (at most {note_max} characters)."),
    "run_programme.restart_stage_1_programme_stopped": QT_TRANSLATE_NOOP(
        "Errors",
        "Restart at stage 1 to {stage}: the programme stopped at stage {stage}."),
    "run_programme.say_why_running_may_start": QT_TRANSLATE_NOOP(
        "Errors",
        "Say why running may start now (for example: 30 min brisk walking without pain, neurology "
        "stable); at most {note_max} characters."),
    "run_programme.session_before_episode_started": QT_TRANSLATE_NOOP(
        "Errors",
        "The session is before the episode started."),
    "run_programme.session_cannot_logged_future": QT_TRANSLATE_NOOP(
        "Errors",
        "A session cannot be logged in the future."),
    "text_packs.does_not_contain_json_object": QT_TRANSLATE_NOOP(
        "Errors",
        "{name} does not contain a JSON object."),
    "text_packs.does_not_exist": QT_TRANSLATE_NOOP("Errors", "{path} does not exist."),
    "text_packs.larger_than_text_pack_can": QT_TRANSLATE_NOOP(
        "Errors",
        "{name} is larger than a text pack can be."),
    "text_packs.message": QT_TRANSLATE_NOOP("Errors", "{name}: {exc}."),
    "text_packs.not_readable_json_file": QT_TRANSLATE_NOOP(
        "Errors",
        "{name} is not a readable JSON file ({exc})."),
    "user.not_found": QT_TRANSLATE_NOOP("Errors", "User {user_id} does not exist."),
    "users.2_60_characters_lower_case": QT_TRANSLATE_NOOP(
        "Errors",
        "2-60 characters: lower-case letters, digits, '.', '_' or '-'."),
    "users.between_1_minutes_practice_s": QT_TRANSLATE_NOOP(
        "Errors",
        "Between 1 and {practice} minutes (the practice's limit)."),
    "users.practice_needs_least_one_active": QT_TRANSLATE_NOOP(
        "Errors",
        "The practice needs at least one active administrator: make someone else an administrator first."),
    "users.too_long_most_120_characters": QT_TRANSLATE_NOOP("Errors", "Too long: at most 120 characters."),
    "users.user_name_taken": QT_TRANSLATE_NOOP("Errors", "This user name is taken."),
    "users.users_already_exist_ask_clinician": QT_TRANSLATE_NOOP(
        "Errors",
        "Users already exist; ask a clinician or administrator to add you."),
    "visit.not_found": QT_TRANSLATE_NOOP("Errors", "Visit {visit_id} does not exist."),
}
