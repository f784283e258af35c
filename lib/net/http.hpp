// HTTP for OCSP, CRLs and time-stamping (private; the only place that touches libcurl).
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/core/result.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace kyso::net {

struct HttpRequest {
    std::string url;
    std::string content_type;  // POST when set, GET otherwise
    Bytes body;
    std::string accept;
    std::optional<std::string> username, password;  // HTTP basic authentication
    std::chrono::milliseconds timeout{15000};
    std::size_t max_response = 4u << 20;
};

struct HttpResponse {
    long status = 0;
    std::string content_type;
    Bytes body;
};

// Errc::network for transport failures and timeouts (the message names the URL and the reason);
// an HTTP error status is returned as a response, not an error.
Result<HttpResponse> http_exchange(const HttpRequest& request);

}  // namespace kyso::net
