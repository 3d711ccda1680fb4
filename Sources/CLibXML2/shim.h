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
#include <dlfcn.h>
#include <pthread.h>

/* libxml2 is loaded with dlopen when the first web page is read, not linked: linked, it (and the ICU,
   zlib and lzma it needs) was loaded and relocated at every start of every process, ~1 ms, though most
   runs read no web page. Swift calls it through this table of the functions wirewatch uses, typed from
   libxml2's own declarations. */
typedef struct {
    __typeof__(htmlCreateMemoryParserCtxt) *htmlCreateMemoryParserCtxt;
    __typeof__(htmlFreeParserCtxt) *htmlFreeParserCtxt;
    __typeof__(htmlCtxtUseOptions) *htmlCtxtUseOptions;
    __typeof__(htmlParseDocument) *htmlParseDocument;
    __typeof__(xmlFindCharEncodingHandler) *xmlFindCharEncodingHandler;
    __typeof__(xmlCharEncCloseFunc) *xmlCharEncCloseFunc;
    __typeof__(xmlSwitchToEncoding) *xmlSwitchToEncoding;
    __typeof__(xmlSwitchEncoding) *xmlSwitchEncoding;
    __typeof__(xmlStopParser) *xmlStopParser;
    __typeof__(xmlSetGenericErrorFunc) *xmlSetGenericErrorFunc;
    __typeof__(xmlSetStructuredErrorFunc) *xmlSetStructuredErrorFunc;
} wirewatch_xml_api;

/* The table and why it could not be filled, set once (pthread_once) by wirewatch_xml_load. */
static inline wirewatch_xml_api *wirewatch_xml_table(void) {
    static wirewatch_xml_api table;
    return &table;
}

static inline const char **wirewatch_xml_failure_slot(void) {
    static const char *failure;
    return &failure;
}

static void wirewatch_xml_load(void) {
    wirewatch_xml_api *t = wirewatch_xml_table();
    const char **failure = wirewatch_xml_failure_slot();
    void *h = dlopen("libxml2.so.2", RTLD_NOW | RTLD_LOCAL);
    if (h == NULL) {
        const char *why = dlerror();
        *failure = why != NULL ? why : "libxml2.so.2 could not be loaded";
        return;
    }
#define WIREWATCH_XML_SYMBOL(name)                                                                   \
    if ((t->name = (__typeof__(t->name))dlsym(h, #name)) == NULL) {                                  \
        *failure = "libxml2.so.2 has no " #name;                                                     \
        return;                                                                                      \
    }
    WIREWATCH_XML_SYMBOL(htmlCreateMemoryParserCtxt)
    WIREWATCH_XML_SYMBOL(htmlFreeParserCtxt)
    WIREWATCH_XML_SYMBOL(htmlCtxtUseOptions)
    WIREWATCH_XML_SYMBOL(htmlParseDocument)
    WIREWATCH_XML_SYMBOL(xmlFindCharEncodingHandler)
    WIREWATCH_XML_SYMBOL(xmlCharEncCloseFunc)
    WIREWATCH_XML_SYMBOL(xmlSwitchToEncoding)
    WIREWATCH_XML_SYMBOL(xmlSwitchEncoding)
    WIREWATCH_XML_SYMBOL(xmlStopParser)
    WIREWATCH_XML_SYMBOL(xmlSetGenericErrorFunc)
    WIREWATCH_XML_SYMBOL(xmlSetStructuredErrorFunc)
#undef WIREWATCH_XML_SYMBOL
}

/* libxml2's functions, or NULL when it cannot be loaded (then wirewatch_xml_failure says why). */
static inline const wirewatch_xml_api *wirewatch_xml(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, wirewatch_xml_load);
    return *wirewatch_xml_failure_slot() == NULL ? wirewatch_xml_table() : NULL;
}

static inline const char *wirewatch_xml_failure(void) {
    return wirewatch_xml() == NULL ? *wirewatch_xml_failure_slot() : NULL;
}

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

static inline void wirewatch_xml_silence(const wirewatch_xml_api *xml) {
    xml->xmlSetGenericErrorFunc(NULL, wirewatch_xml_ignore);
    xml->xmlSetStructuredErrorFunc(NULL, wirewatch_xml_ignore_structured);
}
#endif
