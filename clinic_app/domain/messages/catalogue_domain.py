"""Message templates of the domain's rules and the database checks, by code (see ``messages.core``)."""

from __future__ import annotations

from clinic_app.domain.messages.core import QT_TRANSLATE_NOOP

ENTRIES: dict[str, str] = {
    "access.between_1_60_minutes": QT_TRANSLATE_NOOP("Errors", "Between 1 and 60 minutes."),
    "access.between_1_minute_24_hours": QT_TRANSLATE_NOOP("Errors", "Between 1 minute and 24 hours."),
    "access.between_3_20_attempts": QT_TRANSLATE_NOOP("Errors", "Between 3 and 20 attempts."),
    "access.between_8_64_characters": QT_TRANSLATE_NOOP("Errors", "Between 8 and 64 characters."),
    "appointments.end_must_after_start": QT_TRANSLATE_NOOP(
        "Errors",
        "{text}: the end must be after the start"),
    "appointments.weekly_pattern_has_seven_days": QT_TRANSLATE_NOOP(
        "Errors",
        "a weekly pattern has seven days"),
    "appointments.write_times_as_08_00": QT_TRANSLATE_NOOP(
        "Errors",
        "Write times as 08:00-12:30, separated by commas."),
    "auth.account_locked": QT_TRANSLATE_NOOP(
        "Errors",
        "This account is locked after too many wrong passwords until {until}."),
    "auth.wrong_credentials": QT_TRANSLATE_NOOP("Errors", "The user name or password is not right."),
    "base.naive_datetime_given_where_utc": QT_TRANSLATE_NOOP(
        "Errors",
        "naive datetime given where a UTC timestamp is required"),
    "db_timeouts.longest_database_statement_may_run": QT_TRANSLATE_NOOP(
        "Errors",
        "The longest a database statement may run cannot be shorter than the wait for a lock."),
    "db_timeouts.must_whole_number_seconds_from": QT_TRANSLATE_NOOP(
        "Errors",
        "{what} must be a whole number of seconds from {low} to {high}."),
    "exam.bone_stress_bony_tenderness_expected": QT_TRANSLATE_NOOP(
        "Errors",
        "bone_stress.bony_tenderness: expected yes, no or not recorded, got {tender!r}"),
    "exam.bone_stress_unknown_field_s": QT_TRANSLATE_NOOP("Errors", "bone_stress: unknown field(s) {value}"),
    "exam.enter_number": QT_TRANSLATE_NOOP("Errors", "Enter a number."),
    "exam.exam_unknown_field_s": QT_TRANSLATE_NOOP("Errors", "exam: unknown field(s) {value}"),
    "exam.message": QT_TRANSLATE_NOOP("Errors", "{path}: {exc}"),
    "exam.must_got": QT_TRANSLATE_NOOP("Errors", "Must be {low:g}–{high:g} {unit} (got {value:g})."),
    "exam.neuro_model.mrc_modifier_allowed_grades_1": QT_TRANSLATE_NOOP(
        "Errors",
        "MRC modifier +/- is allowed on grades 1-4 only, got {grade}{modifier}"),
    "exam.neuro_model.must_0_5_with_optional": QT_TRANSLATE_NOOP(
        "Errors",
        "{field_name} must be 0-5 with an optional + or - (e.g. '4-'), got {value!r}"),
    "exam.rules.schober_flexion_cm_must_least": QT_TRANSLATE_NOOP(
        "Errors",
        "Schober flexion_cm must be at least baseline_cm ({base:g} cm), got {flex:g}"),
    "exam.unknown_field_s": QT_TRANSLATE_NOOP("Errors", "{name}: unknown field(s) {value}"),
    "findings.finding_inputs_must_map_text": QT_TRANSLATE_NOOP(
        "Errors",
        "Finding inputs must map text to text, got {key!r}: {value!r}"),
    "health.cannot_read_check_that_your": QT_TRANSLATE_NOOP(
        "Errors",
        "{value} cannot be read ({strerror}). Check that your account may read it."),
    "health.empty_0_bytes_may_have": QT_TRANSLATE_NOOP(
        "Errors",
        "{value} is empty (0 bytes): it may have been cut short by a full disk, a crash or a copy that "
        "did not finish. It was not changed and no new database was made over it. Restore a backup or "
        "open another database. {backups_hint}"),
    "health.folder_not_database_file_open": QT_TRANSLATE_NOOP(
        "Errors",
        "{path} is a folder, not a database file. Open a database file instead."),
    "health.folder_read_only_database_needs": QT_TRANSLATE_NOOP(
        "Errors",
        "The folder {folder} is read-only: the database needs to write its journal files beside it. Ask "
        "whoever looks after this computer to let your account change that folder, then retry."),
    "health.holds_stride_clinic_tables_but": QT_TRANSLATE_NOOP(
        "Errors",
        "{value} holds Stride Clinic tables but not the record of which version made them, so it is not "
        "safe to upgrade or use. It was not changed. Restore a backup, or ask support to inspect the "
        "file. {backups_hint}"),
    "health.not_stride_clinic_database_some": QT_TRANSLATE_NOOP(
        "Errors",
        "{value} is not a Stride Clinic database (it is some other kind of file). It was not changed. "
        "Restore a backup or open another database. {backups_hint}"),
    "health.read_only_so_nothing_could": QT_TRANSLATE_NOOP(
        "Errors",
        "{value} is read-only, so nothing could be saved. Ask whoever looks after this computer to let "
        "your account change the file, then retry."),
    "intake.body_chart.location_marked_more_than_once": QT_TRANSLATE_NOOP(
        "Errors",
        "location {value} is marked more than once"),
    "intake.body_chart.missing": QT_TRANSLATE_NOOP("Errors", "{prefix}.{missing} is missing"),
    "intake.body_chart.must_object_with_location_symptom": QT_TRANSLATE_NOOP(
        "Errors",
        "{prefix} must be an object with location, symptom and intensity, got {item!r}"),
    "intake.message": QT_TRANSLATE_NOOP("Errors", "{where}.{name}: {exc}"),
    "intake.rules.must_got": QT_TRANSLATE_NOOP("Errors", "Must be {low:g}–{high:g}{suffix} (got {value:g})."),
    "load.training.onset_date_must_not_after": QT_TRANSLATE_NOOP(
        "Errors",
        "onset_date must not be after the reference date {reference}, got {onset}"),
    "load.training.weekly_km_must_list_weekly": QT_TRANSLATE_NOOP(
        "Errors",
        "weekly_km must be a list of weekly distances in km, got text"),
    "location.database_file_inside_cloud_synced": QT_TRANSLATE_NOOP(
        "Errors",
        "The database file {resolved} is inside a cloud-synced folder ({part}). {why}"),
    "location.database_file_network_drive": QT_TRANSLATE_NOOP(
        "Errors",
        "The database file {resolved} is on a network drive. {why}"),
    "location.database_file_network_file_system": QT_TRANSLATE_NOOP(
        "Errors",
        "The database file {resolved} is on a network file system ({fs_type}). {why}"),
    "measures.instrument_text.entry_longer_than_characters": QT_TRANSLATE_NOOP(
        "Errors",
        "{where} entry {i} is longer than {text_max} characters"),
    "measures.instrument_text.entry_must_non_empty_text": QT_TRANSLATE_NOOP(
        "Errors",
        "{where} entry {i} must be non-empty text"),
    "measures.instrument_text.licence_must_name_practice_s": QT_TRANSLATE_NOOP(
        "Errors",
        "'licence' must name the practice's licence for this wording"),
    "measures.instrument_text.must_list_texts": QT_TRANSLATE_NOOP(
        "Errors",
        "{where} must be a list of {count} texts"),
    "measures.instrument_text.not_instrument_text_pack_format": QT_TRANSLATE_NOOP(
        "Errors",
        "not an instrument text pack: 'format' must be '{pack_format}'"),
    "measures.instrument_text.odi_section_must_have_title": QT_TRANSLATE_NOOP(
        "Errors",
        "ODI section {i} must have 'title' and 'options'"),
    "measures.instrument_text.odi_sections_must_list_10": QT_TRANSLATE_NOOP(
        "Errors",
        "'odi.sections' must list the 10 ODI sections"),
    "measures.instrument_text.startback_must_have_items_item9": QT_TRANSLATE_NOOP(
        "Errors",
        "'startback' must have 'items' and 'item9_options'"),
    "measures.outcomes.measures_unknown_field_s": QT_TRANSLATE_NOOP(
        "Errors",
        "measures: unknown field(s) {value}"),
    "measures.scoring.needs_1_5_activity_ratings": QT_TRANSLATE_NOOP(
        "Errors",
        "{label} needs 1 to 5 activity ratings, got {count}"),
    "measures.scoring.odi_needs_exactly_10_sections": QT_TRANSLATE_NOOP(
        "Errors",
        "ODI needs exactly 10 sections (None for unanswered), got {count}"),
    "measures.scoring.psfs_follow_up_must_re": QT_TRANSLATE_NOOP(
        "Errors",
        "PSFS follow-up must re-rate the same activities: baseline has {count} ratings, follow-up has "
        "{count2}"),
    "measures.scoring.rmdq_item_ticked_more_than": QT_TRANSLATE_NOOP(
        "Errors",
        "RMDQ item {number} is ticked more than once"),
    "measures.scoring.rmdq_ticked_items_must_item": QT_TRANSLATE_NOOP(
        "Errors",
        "RMDQ ticked items must be item numbers 1-24, got text"),
    "measures.startback.start_back_needs_exactly_8": QT_TRANSLATE_NOOP(
        "Errors",
        "STarT Back needs exactly 8 agree/disagree answers (items 1-8), got {count}"),
    "migrate.database_has_schema_which_newer": QT_TRANSLATE_NOOP(
        "Errors",
        "This database has schema {revision}, which a newer version of Stride Clinic created. This "
        "version knows schemas up to {head}. Install the newer version on this workstation; the database "
        "was not changed."),
    "password.contains_user_name": QT_TRANSLATE_NOOP("Errors", "It must not contain the user name."),
    "password.spaces_at_ends": QT_TRANSLATE_NOOP("Errors", "No spaces at the start or end."),
    "password.too_easy": QT_TRANSLATE_NOOP("Errors", "Too easy to guess: use a longer phrase."),
    "password.too_long": QT_TRANSLATE_NOOP("Errors", "At most 256 characters."),
    "password.too_short": QT_TRANSLATE_NOOP("Errors", "At least {length} characters."),
    "patients.consent_date_cannot_future": QT_TRANSLATE_NOOP(
        "Errors",
        "Consent date cannot be in the future."),
    "patients.contains_control_characters": QT_TRANSLATE_NOOP("Errors", "Contains control characters."),
    "patients.date_birth_cannot_before": QT_TRANSLATE_NOOP(
        "Errors",
        "Date of birth cannot be before {earliest_birth_year}."),
    "patients.date_birth_cannot_future": QT_TRANSLATE_NOOP(
        "Errors",
        "Date of birth cannot be in the future."),
    "patients.enter_date_consent_was_given": QT_TRANSLATE_NOOP("Errors", "Enter the date consent was given."),
    "patients.not_valid_email_address_expected": QT_TRANSLATE_NOOP(
        "Errors",
        "Not a valid email address (expected name@example.org)."),
    "patients.not_valid_phone_number_digits": QT_TRANSLATE_NOOP(
        "Errors",
        "Not a valid phone number (digits, spaces, + ( ) - only)."),
    "patients.too_long_most_characters_now": QT_TRANSLATE_NOOP(
        "Errors",
        "Too long: at most {limit} characters (now {count})."),
    "record.busy": QT_TRANSLATE_NOOP(
        "Errors",
        "This record is busy: another workstation is saving it. Nothing was saved yet; try again in a "
        "moment."),
    "rehab.exercises.each_side_must_true_false": QT_TRANSLATE_NOOP(
        "Errors",
        "each side must be true or false, got {per_side!r}"),
    "rehab.exercises.exercise_library_must_list_exercises": QT_TRANSLATE_NOOP(
        "Errors",
        "the exercise library must be a list of exercises"),
    "rehab.exercises.exercise_number_field_id_must": QT_TRANSLATE_NOOP(
        "Errors",
        "exercise number {number}, field id: must be a lower-case slug such as 'bird-dog', got {raw_id!r}"),
    "rehab.exercises.exercise_number_must_object_with": QT_TRANSLATE_NOOP(
        "Errors",
        "exercise number {number} must be an object with named fields, got {item!r}"),
    "rehab.exercises.rep_unit_must_short_lower": QT_TRANSLATE_NOOP(
        "Errors",
        "rep unit must be a short lower-case word such as 'hops' or 'steps', got {rep_unit!r}"),
    "rehab.plans.already_plan": QT_TRANSLATE_NOOP("Errors", "{name} is already in the plan."),
    "rehab.plans.has_no_version_library": QT_TRANSLATE_NOOP(
        "Errors",
        "{name} has no {word} version in the library."),
    "rehab.return_to_run.session_must_sessionreport_got": QT_TRANSLATE_NOOP(
        "Errors",
        "session {number} must be a SessionReport, got {name__}"),
    "retention.age_between_100": QT_TRANSLATE_NOOP("Errors", "An age between {adult_age} and 100."),
    "retention.between_1_100_years": QT_TRANSLATE_NOOP("Errors", "Between 1 and 100 years."),
    "settings.setting_duration_acute_below_weeks": QT_TRANSLATE_NOOP(
        "Errors",
        "setting duration_acute_below_weeks must not exceed duration_chronic_above_weeks "
        "({duration_chronic_above_weeks}), got {duration_acute_below_weeks}"),
    "settings.setting_must_less_than": QT_TRANSLATE_NOOP(
        "Errors",
        "setting {low_name} ({low:g}) must be less than {high_name} ({high:g})"),
    "settings.setting_rtr_session_pain_limit": QT_TRANSLATE_NOOP(
        "Errors",
        "setting rtr_session_pain_limit must not exceed pain_acceptable_max ({pain_acceptable_max}), got "
        "{rtr_session_pain_limit}"),
    "settings.unknown_clinical_setting_s": QT_TRANSLATE_NOOP(
        "Errors",
        "unknown clinical setting(s): {unknown}"),
    "validation.must_finite_number_got": QT_TRANSLATE_NOOP(
        "Errors",
        "{field} must be a finite number{value}, got {value2!r}"),
    "validation.must_got": QT_TRANSLATE_NOOP("Errors", "{field} must be {value}, got {value2}"),
    "validation.must_number_got": QT_TRANSLATE_NOOP(
        "Errors",
        "{field} must be a number{value}, got {value2!r}"),
    "validation.must_one_got": QT_TRANSLATE_NOOP("Errors", "{field} must be one of {allowed}; got {value!r}"),
    "validation.must_true_false_got": QT_TRANSLATE_NOOP(
        "Errors",
        "{field} must be true or false, got {value!r}"),
    "validation.must_true_false_not_asked": QT_TRANSLATE_NOOP(
        "Errors",
        "{field} must be true, false or not asked (None), got {value!r}"),
    "validation.must_whole_number_got": QT_TRANSLATE_NOOP(
        "Errors",
        "{field} must be a whole number{value}, got {value2!r}"),
}
