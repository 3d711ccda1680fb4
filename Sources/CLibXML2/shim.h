#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H
/* Debian's libxml2 is built with ICU, so its encoding.h pulls in the system's ICU headers
   (<unicode/ucnv.h>). A Swift module that sees both this module and Foundation (whose own ICU copy,
   _FoundationICU, defines the same types differently) then fails to build with "'UErrorCode' has
   different definitions in different modules". Nothing here uses ICU: the only ICU-dependent
   declarations are two trailing pointer fields of xmlCharEncodingHandler, which wirewatch never
   reads or allocates, so the ICU part of the headers is switched off. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
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
