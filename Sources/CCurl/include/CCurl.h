// CCurl: libcurl for Swift.
//
// curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are C variadic
// functions, which Swift cannot call. Each wrapper below fixes one argument
// type, so Swift sees an ordinary typed C function.
#ifndef CCURL_H
#define CCURL_H

#include <curl/curl.h>

typedef size_t (*CCurl_data_callback)(char *buffer, size_t size, size_t count, void *userdata);

CURLcode CCurl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode CCurl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
CURLcode CCurl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode CCurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode CCurl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode CCurl_easy_setopt_data_callback(CURL *handle, CURLoption option, CCurl_data_callback value);

CURLcode CCurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode CCurl_easy_getinfo_double(CURL *handle, CURLINFO info, double *value);
CURLcode CCurl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);
CURLcode CCurl_easy_getinfo_string(CURL *handle, CURLINFO info, const char **value);
CURLcode CCurl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value);

CURLMcode CCurl_multi_setopt_long(CURLM *handle, CURLMoption option, long value);

// curl_version_info(CURLVERSION_NOW): CURLVERSION_NOW is a macro naming an
// enum constant, which Swift does not import.
const curl_version_info_data *CCurl_version_info(void);

/// curl_global_init(CURL_GLOBAL_DEFAULT): the macro is an OR of macros Swift may not import.
CURLcode CCurl_global_init_default(void);

/// For a CURLMSG_DONE message: its easy handle and result code (the C union, unpacked).
int CCurl_multi_message_done(CURLMsg *message, CURL **easy, CURLcode *result);

#endif
