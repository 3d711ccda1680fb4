#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/encoding.h>
#include <libxml/xmlerror.h>

/* libxml2 reports some errors (a failed charset conversion) through its generic error
   function, which prints to stderr; a daemon reading hostile pages wants them nowhere. The
   function is variadic, which Swift cannot define, hence this shim. The setting is per thread. */
static void wirewatch_xml_ignore(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

static void wirewatch_xml_ignore_structured(void *context, xmlErrorPtr error) {
    (void)context;
    (void)error;
}

static inline void wirewatch_xml_silence(void) {
    xmlSetGenericErrorFunc(NULL, wirewatch_xml_ignore);
    xmlSetStructuredErrorFunc(NULL, wirewatch_xml_ignore_structured);
}
#endif
