#include "net/http.hpp"

#include <curl/curl.h>

#include <memory>
#include <mutex>

namespace kyso::net {

namespace {

struct Sink {
    Bytes data;
    std::size_t limit = 0;
    bool overflow = false;
};

std::size_t on_data(char* ptr, std::size_t size, std::size_t n, void* user) {
    auto* sink = static_cast<Sink*>(user);
    const std::size_t bytes = size * n;
    if (sink->data.size() + bytes > sink->limit) {
        sink->overflow = true;
        return 0;  // aborts the transfer
    }
    sink->data.insert(sink->data.end(), ptr, ptr + bytes);
    return bytes;
}

void global_init() {
    // Once per process, never cleaned up (DESIGN.md: no process-global teardown).
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CurlDeleter {
    void operator()(CURL* c) const noexcept { curl_easy_cleanup(c); }
};
struct SlistDeleter {
    void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};

}  // namespace

Result<HttpResponse> http_exchange(const HttpRequest& request) {
    global_init();
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) return fail(Errc::internal, "libcurl could not create a handle");
    CURL* c = curl.get();
    Sink sink;
    sink.limit = request.max_response;
    std::unique_ptr<curl_slist, SlistDeleter> headers;
    auto add_header = [&headers](const std::string& h) {
        headers.reset(curl_slist_append(headers.release(), h.c_str()));
    };
    curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.timeout.count()));
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    if (!request.content_type.empty()) {
        add_header("Content-Type: " + request.content_type);
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
    if (!request.accept.empty()) add_header("Accept: " + request.accept);
    if (headers) curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    if (request.username) {
        curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt(c, CURLOPT_USERNAME, request.username->c_str());
        curl_easy_setopt(c, CURLOPT_PASSWORD, request.password.value_or("").c_str());
    }
    const CURLcode rc = curl_easy_perform(c);
    if (sink.overflow)
        return fail(Errc::network,
                    request.url + ": the response is larger than " + std::to_string(request.max_response) + " bytes");
    if (rc != CURLE_OK) return fail(Errc::network, request.url + ": " + curl_easy_strerror(rc));
    HttpResponse response;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
    char* type = nullptr;
    curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type);
    if (type != nullptr) response.content_type = type;
    response.body = std::move(sink.data);
    return response;
}

}  // namespace kyso::net
