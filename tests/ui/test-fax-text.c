/* test-fax-text.c: the text reports (ui/fax-text.c) through fax_text_stat()
 * and fax_text_report(): committed captures fed to the model give, byte for
 * byte, the golden -z fax,stat / -z fax,report files (tests/golden/expected/).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fax-text.h"
#include "render-fixture.h"

static void
check_capture(const char *name, gboolean report)
{
    double t0 = 0;
    fax_registry *r = fixture_capture(name, &t0);
    g_assert_nonnull(r);
    GPtrArray *calls = fixture_calls(r);
    GString *out = g_string_new(NULL);
    if (report)
        fax_text_report(out, (fax_call *const *)calls->pdata, calls->len, t0, NULL, "0.1.0");
    else
        fax_text_stat(out, (fax_call *const *)calls->pdata, calls->len, t0, NULL, "0.1.0");

    char *rel = g_strdup_printf("tests/golden/expected/%s.%s.txt", name,
                                 report ? "report" : "stat");
    fixture_expect_file(out, rel);
    g_free(rel);
    g_ptr_array_free(calls, TRUE);
    fax_registry_free(r);
}

static void
test_stat(gconstpointer name)
{
    check_capture(name, FALSE);
}

static void
test_report(gconstpointer name)
{
    check_capture(name, TRUE);
}

/* "14400 FTT · 12000 FTT · 9600 CFR"; with no training, "-". */
static void
test_empty_ladder(void)
{
    fax_call *c = fixture_call(1, "a", "b", "c");
    GString *out = g_string_new(NULL);
    fax_text_training_ladder(out, t30_session_summary(c->session));
    g_assert_cmpstr(out->str, ==, "-");
    g_string_free(out, TRUE);
    fixture_call_free(c);
}

int
main(int argc, char **argv)
{
    static const char *const captures[] = { "sample", "t38-ecm-2pages", "multi-5calls", "sip-488",
                                            "t38-rtn", "t38-ftt-fallback" };
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/text/empty-ladder", test_empty_ladder);
    for (guint i = 0; i < G_N_ELEMENTS(captures); i++) {
        char *s = g_strdup_printf("/text/stat/%s", captures[i]);
        char *p = g_strdup_printf("/text/report/%s", captures[i]);
        g_test_add_data_func(s, captures[i], test_stat);
        g_test_add_data_func(p, captures[i], test_report);
        g_free(s);
        g_free(p);
    }
    return g_test_run();
}
