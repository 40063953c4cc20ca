"""Word-level differences as reviewers read them (publish page, history, stale forms)."""

from conditions.diffs import compare_values, phrase_diff_html, split_words


def test_changed_words_are_struck_through_and_added_words_underlined():
    assert phrase_diff_html("Rest usually helps.", "Rest often helps a lot.") == (
        "Rest <del>usually</del><ins>often</ins> helps<ins> a lot</ins>."
    )


def test_a_rewritten_phrase_reads_as_one_change_not_word_by_word():
    assert phrase_diff_html("medial tibial stress syndrome", "shin pain when running") == (
        "<del>medial tibial stress syndrome</del><ins>shin pain when running</ins>"
    )


def test_text_is_escaped_so_a_diff_never_injects_markup():
    assert phrase_diff_html("", "<script>x</script>") == (
        "<ins>&lt;script&gt;x&lt;/script&gt;</ins>"
    )


def test_splitting_keeps_every_character():
    text = "Pain,  when  walking.\nRest!"
    assert "".join(split_words(text)) == text


def test_line_endings_posted_by_browsers_are_not_a_change():
    assert compare_values("Overview", "One.\nTwo.", "One.\r\nTwo.") is None
    change = compare_values("Overview", "One.", "One. Two.")
    assert (change.label, change.diff) == ("Overview", "One.<ins> Two.</ins>")


def test_links_are_listed_as_added_and_removed_by_name():
    change = compare_values("Body areas", ["Knee", "Calf"], ["Knee", "Foot"])
    assert (change.added, change.removed, change.diff) == (["Foot"], ["Calf"], "")
    assert compare_values("Body areas", ["Knee"], ["Knee"]) is None


def test_a_pending_change_saved_before_a_field_was_removed_still_compares():
    """A snapshot may hold a field the model has lost since: it is named as stored."""
    from conditions.diffs import compare_snapshots

    old = [{"model": "conditions.symptom", "pk": 1, "fields": {"name": "Cramp"}}]
    new = [
        {
            "model": "conditions.symptom",
            "pk": 1,
            "fields": {"name": "Leg cramp", "retired_note": "Old wording."},
        }
    ]
    changes = compare_snapshots(old, new)
    assert [(c.label, c.diff) for c in changes] == [
        ("Name", "<del>Cramp</del><ins>Leg cramp</ins>"),
        ("Retired_note", "<ins>Old wording.</ins>"),
    ]
