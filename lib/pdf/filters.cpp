#include "pdf/filters.hpp"

#include <zlib.h>

#include <cstdlib>

namespace kyso::pdf {

Result<Bytes> flate_decode(ByteView data, std::size_t max_output) {
    z_stream z{};
    if (inflateInit(&z) != Z_OK) return fail(Errc::internal, "zlib inflateInit failed");
    Bytes out;
    std::uint8_t buffer[64 * 1024];
    z.next_in = const_cast<Bytef*>(data.data());
    z.avail_in = static_cast<uInt>(data.size());
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        z.next_out = buffer;
        z.avail_out = sizeof buffer;
        rc = inflate(&z, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
            inflateEnd(&z);
            return fail(Errc::malformed_pdf, "corrupt Flate stream");
        }
        const std::size_t produced = sizeof buffer - z.avail_out;
        if (out.size() + produced > max_output) {
            inflateEnd(&z);
            return fail(Errc::malformed_pdf, "a Flate stream inflates beyond the limit of " +
                                                 std::to_string(max_output) + " bytes (deflate bomb?)");
        }
        out.insert(out.end(), buffer, buffer + produced);
        // Truncated input: what was decoded is kept (readers are lenient here; the structure parser
        // that consumes it checks its own bounds).
        if (rc == Z_BUF_ERROR && z.avail_in == 0) break;
        if (produced == 0 && rc == Z_BUF_ERROR) break;
    }
    inflateEnd(&z);
    return out;
}

Bytes flate_encode(ByteView data) {
    uLongf size = compressBound(static_cast<uLong>(data.size()));
    Bytes out(size);
    if (compress2(out.data(), &size, data.data(), static_cast<uLong>(data.size()), 9) != Z_OK) std::abort();
    out.resize(size);
    return out;
}

namespace {

Result<Bytes> png_unpredict(const Bytes& in, int columns, int colors, int bpc) {
    const std::size_t bpp = std::max<std::size_t>(1, static_cast<std::size_t>(colors * bpc + 7) / 8);
    const std::size_t row = (static_cast<std::size_t>(columns) * colors * bpc + 7) / 8;
    if (row == 0) return fail(Errc::malformed_pdf, "bad predictor parameters");
    Bytes out;
    out.reserve(in.size());
    Bytes previous(row, 0), current(row);
    for (std::size_t pos = 0; pos + 1 + row <= in.size(); pos += 1 + row) {
        const std::uint8_t type = in[pos];
        for (std::size_t i = 0; i < row; ++i) {
            const int a = i >= bpp ? current[i - bpp] : 0;
            const int b = previous[i];
            const int c = i >= bpp ? previous[i - bpp] : 0;
            const int x = in[pos + 1 + i];
            int v = x;
            switch (type) {
                case 0:
                    break;
                case 1:
                    v = x + a;
                    break;
                case 2:
                    v = x + b;
                    break;
                case 3:
                    v = x + (a + b) / 2;
                    break;
                case 4: {
                    const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
                    v = x + ((pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c));
                    break;
                }
                default:
                    return fail(Errc::malformed_pdf, "bad PNG predictor row type");
            }
            current[i] = static_cast<std::uint8_t>(v & 0xff);
        }
        out.insert(out.end(), current.begin(), current.end());
        previous.swap(current);
    }
    return out;
}

}  // namespace

Result<Bytes> decode_stream(const Dict& stream_dict, ByteView data, std::size_t max_output) {
    const Object* filter = stream_dict.get("Filter");
    const Object* parms = stream_dict.get("DecodeParms");
    if (filter == nullptr || filter->is_null()) return Bytes(data.begin(), data.end());
    const Object* single = filter;
    if (const Array* list = filter->array()) {
        if (list->empty()) return Bytes(data.begin(), data.end());
        if (list->size() != 1) return fail(Errc::unsupported, "streams with several filters are not supported here");
        single = &list->front();
        if (parms != nullptr && parms->array() != nullptr)
            parms = parms->array()->empty() ? nullptr : &parms->array()->front();
    }
    if (!single->is_name("FlateDecode"))
        return fail(Errc::unsupported, "stream filter " + std::string(single->name_value().value_or("?")) +
                                           " is not supported for document structure");
    KYSO_TRY(Bytes out, flate_decode(data, max_output));
    const Dict* p = parms != nullptr ? parms->dict() : nullptr;
    if (p == nullptr) return out;
    const auto predictor = p->get("Predictor") ? p->get("Predictor")->integer().value_or(1) : 1;
    if (predictor <= 1) return out;
    const auto get = [p](const char* key, std::int64_t def) {
        const Object* o = p->get(key);
        return o ? o->integer().value_or(def) : def;
    };
    const auto columns = get("Columns", 1), colors = get("Colors", 1), bpc = get("BitsPerComponent", 8);
    if (columns < 1 || columns > (1 << 20) || colors < 1 || colors > 32 ||
        (bpc != 1 && bpc != 2 && bpc != 4 && bpc != 8 && bpc != 16))
        return fail(Errc::malformed_pdf, "bad predictor parameters");
    if (predictor >= 10)
        return png_unpredict(out, static_cast<int>(columns), static_cast<int>(colors), static_cast<int>(bpc));
    if (predictor == 2 && bpc == 8) {
        const std::size_t row = static_cast<std::size_t>(columns * colors);
        for (std::size_t r = 0; r + row <= out.size(); r += row)
            for (std::size_t i = static_cast<std::size_t>(colors); i < row; ++i)
                out[r + i] = static_cast<std::uint8_t>(out[r + i] + out[r + i - static_cast<std::size_t>(colors)]);
        return out;
    }
    return fail(Errc::unsupported, "predictor " + std::to_string(predictor) + " is not supported");
}

}  // namespace kyso::pdf
