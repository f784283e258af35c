// kyso_buffer_t: bytes produced by kyso, owned by the handle.
#include "handles.hpp"

using namespace kyso;

extern "C" {

int kyso_buffer_create(kyso_buffer_t* out) {
    return capi::guard("kyso_buffer_create", [&] { capi::make(out); });
}

int kyso_buffer_data(kyso_buffer_t buffer, const uint8_t** data, size_t* len) {
    return capi::guard("kyso_buffer_data", [&] {
        auto& b = capi::get(buffer);
        capi::required(data, "data");
        capi::required(len, "len");
        static const std::uint8_t empty[1] = {0};
        *data = b.bytes.empty() ? empty : b.bytes.data();
        *len = b.bytes.size();
    });
}

int kyso_buffer_destroy(kyso_buffer_t buffer) {
    return capi::destroy("kyso_buffer_destroy", buffer);
}

}  // extern "C"
