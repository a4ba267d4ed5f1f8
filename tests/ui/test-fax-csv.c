/* test-fax-csv.c: the CSV report (ui/fax-csv.c) through fax_csv_stat(): the
 * header row, RFC 4180 quoting on a call built by hand, and committed
 * captures fed to the model, byte for byte what tshark -z fax,csv printed
 * (tests/ui/expected/).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fax-csv.h"
#include "render-fixture.h"

#define CSV_HEADER "call,start_s,duration_s,t38,t38_version,rate,trainings,ftt,pages,confirmed," \
                   "ecm,result,reason,caller,callee,call_id,endpoint_a,endpoint_b,diagnosis\r\n"

static void
test_header_only(void)
{
    GString *out = g_string_new(NULL);
    fax_csv_stat(out, NULL, 0, 0);
    g_assert_cmpstr(out->str, ==, CSV_HEADER);
    g_string_free(out, TRUE);
}

/* RFC 4180 clause 2: fields with a comma, quote, CR or LF are quoted, quotes
 * doubled; every record ends with CRLF; empty fields stay empty. */
static void
test_quoting(void)
{
    fax_call *c = fixture_call(12, "sip:a,b@x", "say \"hi\"", "line1\nline2");
    fixture_endpoint(&c->seen_src[FAX_SIDE_A], 192, 0, 2, 1, 4000);
    g_strlcpy(c->result_text, "plain", sizeof c->result_text);
    fax_call *calls[] = { c };
    GString *out = g_string_new(NULL);

    fax_csv_stat(out, calls, 1, 1000.0);
    g_assert_cmpstr(out->str, ==, CSV_HEADER
                    "12,1.500,2.750,accepted,,0,0,0,0,0,,incomplete,no_t30,"
                    "\"sip:a,b@x\",\"say \"\"hi\"\"\",\"line1\nline2\",192.0.2.1:4000,,plain\r\n");
    g_string_free(out, TRUE);
    fixture_call_free(c);
}

static void
test_capture(gconstpointer data)
{
    const char *name = data;
    double t0 = 0;
    fax_registry *r = fixture_capture(name, &t0);
    g_assert_nonnull(r);
    GPtrArray *calls = fixture_calls(r);
    GString *out = g_string_new(NULL);
    fax_csv_stat(out, (fax_call *const *)calls->pdata, calls->len, t0);
    g_assert_true(g_str_has_prefix(out->str, CSV_HEADER));

    char *rel = g_strdup_printf("tests/ui/expected/%s.csv", name);
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
    g_test_add_func("/csv/header-only", test_header_only);
    g_test_add_func("/csv/quoting", test_quoting);
    for (guint i = 0; i < G_N_ELEMENTS(captures); i++) {
        char *name = g_strdup_printf("/csv/capture/%s", captures[i]);
        g_test_add_data_func(name, captures[i], test_capture);
        g_free(name);
    }
    return g_test_run();
}
