/* test-fax-json.c: the JSON report (ui/fax-json.c) through fax_json_calls():
 * exact output for a call built by hand (escaping, nulls, times), and for
 * committed captures fed to the model, byte for byte what tshark -z fax,json
 * printed (tests/ui/expected/), each line valid JSON.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fax-json.h"
#include "render-fixture.h"

/* RFC 8259 clause 7 and the "faxcalls/1" schema on a call built by hand */
static void
test_hand_built(void)
{
    fax_call *c = fixture_call(7, "sip:\"Fax\" <1001@a>", "sip:2001@b\\x", "id\x01\t\xff\xc3\xa9");
    fax_call *calls[] = { c };
    GString *out = g_string_new(NULL);

    fax_json_calls(out, calls, 1, 1000.0, "fax.call == 7", "9.9", FALSE);
    g_assert_true(g_str_has_suffix(out->str, "}\n"));
    g_assert_cmpuint(strchr(out->str, '\n') - out->str, ==, out->len - 1);   /* one line */
    out->str[out->len - 1] = '\0';
    g_assert_true(json_valid(out->str));
    g_assert_true(g_str_has_prefix(out->str,
        "{\"schema\":\"faxcalls/1\",\"faxcalls_version\":\"9.9\",\"filter\":\"fax.call == 7\","
        "\"capture_truncated\":false,\"call\":7,\"origin\":\"sip\","
        "\"call_id\":\"id\\u0001\\t\\ufffd\xc3\xa9\","
        "\"caller\":\"sip:\\\"Fax\\\" <1001@a>\",\"callee\":\"sip:2001@b\\\\x\","
        "\"user_agent\":{\"A\":null,\"B\":null},"
        "\"capture_start_epoch\":1000.000000,\"start\":1.500000,\"duration\":2.750000,"
        "\"first_frame\":3,\"last_frame\":40,"
        "\"result\":{\"code\":\"incomplete\",\"reason\":\"no_t30\","
        "\"text\":\"T.38 accepted, no T.30 seen\","));
    g_assert_nonnull(strstr(out->str, "\"sip\":{\"invite_frame\":3,\"invite_time\":1.500000,"
                                      "\"audio_back_frame\":null,\"end\":null}"));
    g_assert_nonnull(strstr(out->str, "\"t38\":{\"state\":\"accepted\",\"offer\":null,\"answer\":null,"
                                      "\"sdp_offer\":null,\"sdp_answer\":null}"));
    g_assert_nonnull(strstr(out->str, "\"udptl\":{\"A->B\":null,\"B->A\":null,\"after_reject\":0}"));
    g_assert_nonnull(strstr(out->str, "\"pages_sent\":0,\"pages_confirmed\":0,\"pages_rejected\":0,"
                                      "\"pages\":[]"));
    g_assert_true(g_str_has_suffix(out->str, "\"ladder\":[],\"findings\":[]}}"));

    /* no filter: null; truncated capture flagged */
    g_string_truncate(out, 0);
    fax_json_calls(out, calls, 1, 1000.0, "", "9.9", TRUE);
    g_assert_nonnull(strstr(out->str, "\"filter\":null,\"capture_truncated\":true,"));
    g_string_free(out, TRUE);
    fixture_call_free(c);
}

static void
test_no_calls(void)
{
    GString *out = g_string_new(NULL);
    fax_json_calls(out, NULL, 0, 0, NULL, "9.9", FALSE);
    g_assert_cmpstr(out->str, ==, "");
    g_string_free(out, TRUE);
}

/* A capture through the model and the writer: what tshark printed. */
static void
test_capture(gconstpointer data)
{
    const char *name = data;
    double t0 = 0;
    fax_registry *r = fixture_capture(name, &t0);
    g_assert_nonnull(r);
    GPtrArray *calls = fixture_calls(r);
    GString *out = g_string_new(NULL);
    fax_json_calls(out, (fax_call *const *)calls->pdata, calls->len, t0, NULL, "0.1.0",
                   fax_registry_truncated(r));

    char **lines = g_strsplit(out->str, "\n", -1);
    g_assert_cmpuint(g_strv_length(lines), ==, calls->len + 1);
    for (guint i = 0; i < calls->len; i++) {
        g_assert_true(json_valid(lines[i]));
        char *call = g_strdup_printf(",\"call\":%u,", i + 1);
        g_assert_nonnull(strstr(lines[i], call));
        g_free(call);
    }
    g_strfreev(lines);

    char *rel = g_strdup_printf("tests/ui/expected/%s.json", name);
    fixture_expect_file(out, rel);
    g_free(rel);
    g_ptr_array_free(calls, TRUE);
    fax_registry_free(r);
}

int
main(int argc, char **argv)
{
    static const char *const captures[] = { "sample", "t38-ecm-2pages", "multi-5calls", "sip-488" };
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/json/hand-built", test_hand_built);
    g_test_add_func("/json/no-calls", test_no_calls);
    for (guint i = 0; i < G_N_ELEMENTS(captures); i++) {
        char *name = g_strdup_printf("/json/capture/%s", captures[i]);
        g_test_add_data_func(name, captures[i], test_capture);
        g_free(name);
    }
    return g_test_run();
}
