#!/usr/bin/env bash
# run_installed.sh MODE CMAKE BUILD_DIR SOURCE_DIR PKI_DIR CC PYTHON3 LIBDIR PYTHONDIR DOTNET(0|1)
# Installs BUILD_DIR into a temporary prefix (`cmake --install --strip`) and uses it as a vendor would,
# from outside the tree. MODE:
#   layout  the files, symlinks, SONAME, no RPATH into the tree, stripped, no source/build path inside;
#   c       samples/sign_claims.c built with find_package(kyso) and with pkg-config, both run: PKCS#12
#           signing checked by the installed CLI, then the SoftHSM token run of tests/capi/run_sample.sh;
#   python  the installed package kyso imports and signs with the installed library, with no KYSO_LIBRARY,
#           no LD_LIBRARY_PATH and nothing of the source tree on sys.path;
#   dotnet  samples/SignClaims.cs compiled against the installed Kyso.dll ($KYSO_MCS) and run ($KYSO_MONO);
#   deb     `cpack -G DEB` (into the temporary directory): name, Depends, shlibs, ldconfig trigger, a
#           stripped library with its debug information in kyso-dbgsym, and its Python package loading
#           the package's own library.
# Every missing piece fails the test (set -e); nothing is skipped.
set -euo pipefail
mode=$1 cmake=$2 build=$3 src=$4 pki=$5 cc=$6 python=$7 libdir=$8 pydir=$9 dotnet=${10}
work=$(mktemp -d "${TMPDIR:-/tmp}/kyso-packaging-XXXXXX")
trap 'rm -rf -- "$work"' EXIT
prefix=$work/prefix lib=$work/prefix/$libdir
fail() { echo "FAIL: $*" >&2; exit 1; }

[[ $mode == deb ]] || "$cmake" --install "$build" --prefix "$prefix" --strip >/dev/null
bash "$src/testdata/make-pki.sh" "$pki" >/dev/null
in=$src/testdata/samples/claims-4750-sample.xml
key=p12:$pki/hospital-rsa.p12

# The installed CLI verifies what an installed program signed (exit 0: every signature TOTAL_PASSED).
verify_with_cli() {
    "$prefix/bin/kyso" xml verify "$1" --trust "$pki/root.cert.pem" --untrusted "$pki/ca.cert.pem" >"$work/verify.txt" ||
        { cat "$work/verify.txt"; fail "kyso xml verify $1"; }
}

case $mode in
layout)
    for f in bin/kyso "$libdir/libkyso.so" "$libdir/libkyso.so.0" include/kyso/kyso.h \
             "$libdir/cmake/kyso/kysoConfig.cmake" "$libdir/cmake/kyso/kysoConfigVersion.cmake" \
             "$libdir/cmake/kyso/kysoTargets.cmake" "$libdir/pkgconfig/kyso.pc" share/kyso/algorithm-policy.json \
             "$pydir/kyso/__init__.py" "$pydir/kyso/_native.py" "$pydir/kyso/_installed.py" \
             share/doc/kyso/samples/sign_claims.c share/doc/kyso/copyright share/doc/kyso/LICENSE; do
        [[ -e $prefix/$f ]] || fail "not installed: $f"
    done
    if [[ $dotnet == 1 ]]; then
        for f in Kyso.dll Kyso.dll.config; do [[ -e $lib/kyso/dotnet/$f ]] || fail "not installed: $f"; done
    fi
    # The C API is the installed interface: kyso.h only, no C++ headers, no static library.
    [[ $(cd "$prefix/include" && find . -type f) == ./kyso/kyso.h ]] || fail "headers other than kyso/kyso.h installed"
    [[ -z $(find "$prefix" -name '*.a') ]] || fail "a static library is installed"
    [[ $(readlink "$lib/libkyso.so") == libkyso.so.0 ]] || fail "libkyso.so is not a link to libkyso.so.0"
    [[ $(readlink "$lib/libkyso.so.0") == libkyso.so.0.* && -f $lib/$(readlink "$lib/libkyso.so.0") ]] ||
        fail "libkyso.so.0 is not a link to libkyso.so.0.x"
    dynamic=$(readelf -d "$lib/libkyso.so.0")
    grep -q 'Library soname: \[libkyso.so.0\]' <<<"$dynamic" || fail "SONAME is not libkyso.so.0"
    for elf in "$lib/libkyso.so.0" "$prefix/bin/kyso"; do
        dynamic=$(readelf -d "$elf") sections=$(readelf -S --wide "$elf")
        # A RUNPATH into the build tree would load the wrong library; the installed files need none.
        if grep -E 'R(UN)?PATH' <<<"$dynamic"; then fail "$elf has an RPATH/RUNPATH"; fi
        if grep -q '\.debug_info' <<<"$sections"; then fail "$elf is not stripped"; fi
    done
    hits=$(grep -rlaF -e "$src" -e "$build" "$prefix" || true)
    [[ -z $hits ]] || fail "installed files name the source or build tree: $hits"
    du -sh "$prefix"
    ls -lL "$lib/libkyso.so.0" "$prefix/bin/kyso"
    ;;
c)
    mkdir "$work/consumer"
    cp "$prefix/share/doc/kyso/samples/sign_claims.c" "$work/consumer/"
    cat >"$work/consumer/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.16)
project(consumer C)
find_package(kyso 0 REQUIRED)
add_executable(sign_claims sign_claims.c)
target_link_libraries(sign_claims PRIVATE kyso::c)
target_compile_options(sign_claims PRIVATE -std=c99 -Wall -Wextra -pedantic -Werror)
EOF
    # Only the temporary prefix: no package registry, no CMAKE_PREFIX_PATH or PKG_CONFIG_PATH from outside.
    env -u CMAKE_PREFIX_PATH -u kyso_DIR "$cmake" -S "$work/consumer" -B "$work/consumer/build" \
        -DCMAKE_C_COMPILER="$cc" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF >/dev/null
    grep -qxF "kyso_DIR:PATH=$lib/cmake/kyso" "$work/consumer/build/CMakeCache.txt" ||
        fail "find_package(kyso) did not find the installed package: $(grep kyso_DIR "$work/consumer/build/CMakeCache.txt")"
    "$cmake" --build "$work/consumer/build" >/dev/null

    flags=$(env -u PKG_CONFIG_PATH PKG_CONFIG_LIBDIR="$lib/pkgconfig" pkg-config --cflags --libs kyso)
    echo "pkg-config --cflags --libs kyso: $flags"
    # shellcheck disable=SC2086 # the flags are words
    "$cc" -std=c99 -Wall -Wextra -pedantic -Werror "$work/consumer/sign_claims.c" $flags -o "$work/sign_claims_pc"

    export LD_LIBRARY_PATH=$lib  # the pkg-config build has no RUNPATH; the CMake one points into the prefix
    for bin in "$work/consumer/build/sign_claims" "$work/sign_claims_pc"; do
        loaded=$(ldd "$bin" | awk '$1 == "libkyso.so.0" { print $3 }')
        [[ $(realpath "$loaded") == "$(realpath "$lib")"/libkyso.so.0.* ]] || fail "$bin loads $loaded"
        out=$(KYSO_PIN=kyso-test "$bin" "$key" "$in" "$work/$(basename "$bin").xml" "$pki/root.cert.pem" "$pki/ca.cert.pem")
        echo "$out"
        grep -q ": TOTAL_PASSED$" <<<"$out" || fail "$bin: not TOTAL_PASSED"
        verify_with_cli "$work/$(basename "$bin").xml"
        bash "$src/tests/capi/run_sample.sh" "$bin" "$src" "$pki"  # the SoftHSM token: PIN, wrong PIN, cancel
    done
    # The same key signs the same bytes (RSA PKCS#1 v1.5): the two builds and the CLI agree.
    "$prefix/bin/kyso" xml sign "$in" --out "$work/cli.xml" --key "$key" --pass pass:kyso-test >/dev/null
    cmp "$work/cli.xml" "$work/sign_claims.xml"
    cmp "$work/cli.xml" "$work/sign_claims_pc.xml"
    ;;
python)
    cd "$work"  # nothing of the source tree on sys.path
    env -u KYSO_LIBRARY -u LD_LIBRARY_PATH PYTHONPATH="$prefix/$pydir" PYTHONDONTWRITEBYTECODE=1 "$python" -s -c '
import os, sys, kyso, kyso._native
prefix, key, src, out, root, ca = sys.argv[1:]
prefix, library = os.path.realpath(prefix), os.path.realpath(kyso._native.lib._name)
print("kyso from", kyso.__file__, "with", library)
assert os.path.realpath(kyso.__file__).startswith(prefix + "/"), kyso.__file__
assert library.startswith(prefix + "/"), library
with kyso.Signer.open(key, "pass:kyso-test") as signer:
    signer.sign_xml(src, out)
with kyso.VerifyContext(trust=[root], untrusted=[ca]) as ctx, ctx.verify(out) as report:
    print(out, report.indication.name)
    assert report.indication == kyso.Indication.TOTAL_PASSED
' "$prefix" "$key" "$in" "$work/python.xml" "$pki/root.cert.pem" "$pki/ca.cert.pem"
    verify_with_cli "$work/python.xml"
    ;;
dotnet)
    # samples/SignClaims.cs against the installed Kyso.dll, as its Build line says; the SoftHSM runner
    # of tests/samples puts the installed libkyso.so.0 on the library path.
    mkdir "$work/cs"
    cp "$lib/kyso/dotnet/Kyso.dll" "$lib/kyso/dotnet/Kyso.dll.config" "$work/cs/"
    "$KYSO_MCS" -nologo -warnaserror -r:"$work/cs/Kyso.dll" -out:"$work/cs/SignClaims.exe" \
        "$prefix/share/doc/kyso/samples/SignClaims.cs"
    bash "$src/tests/samples/run_sign_claims_cs.sh" "$KYSO_MONO" "$work/cs/SignClaims.exe" "$src" "$pki" "$lib"
    ;;
deb)
    # The package from this build, made in the temporary directory (the build's CPackConfig.cmake).
    (cd "$build" && "${cmake%cmake}cpack" -G DEB -B "$work/deb" >/dev/null)  # the cpack beside cmake
    debs=("$work"/deb/*.deb)
    [[ ${#debs[@]} == 1 && -f ${debs[0]} ]] || fail "cpack made no single .deb: ${debs[*]}"
    deb=${debs[0]}
    dpkg-deb -I "$deb"
    [[ $(dpkg-deb -f "$deb" Package) == kyso ]] || fail "package name"
    depends=$(dpkg-deb -f "$deb" Depends | sed 's/ ([^)]*)//g; s/, /\n/g')  # package names, one a line
    for d in libc6 libssl3 libxml2 libxmlsec1-openssl libstdc++6; do  # computed by dpkg-shlibdeps
        grep -qxF "$d" <<<"$depends" || fail "Depends lacks $d: $depends"
    done
    control=$(dpkg-deb --ctrl-tarfile "$deb" | tar -t) triggers=$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./triggers)
    grep -qx './shlibs' <<<"$control" || fail "no shlibs"
    grep -qx 'activate-noawait ldconfig' <<<"$triggers" || fail "no ldconfig trigger"
    dpkg-deb -x "$deb" "$work/root"
    so=$work/root/usr/$libdir/libkyso.so.0
    [[ -e $so ]] || fail "no /usr/$libdir/libkyso.so.0 in the package"
    sections=$(readelf -S --wide "$so")
    if grep -q '\.debug_info' <<<"$sections"; then fail "libkyso.so.0 in the package is not stripped"; fi
    # Its debug information is in kyso-dbgsym, found by build ID.
    id=$(readelf -n "$so" | awk '/Build ID:/ { print $3 }')
    debug=$(dpkg-deb -c "$work/deb/kyso-dbgsym_$(dpkg-deb -f "$deb" Version)_$(dpkg-deb -f "$deb" Architecture).ddeb")
    grep -qF "./usr/lib/debug/.build-id/${id:0:2}/${id:2}.debug" <<<"$debug" || fail "no debug file for build ID '$id'"
    # Its Python package loads its own libkyso.so.0 and reports the package's version.
    version=$(cd "$work" && env -u KYSO_LIBRARY -u LD_LIBRARY_PATH PYTHONPATH="$work/root/usr/$pydir" \
        PYTHONDONTWRITEBYTECODE=1 "$python" -s -c 'import kyso, kyso._native; print(kyso._native.lib._name); print(kyso.__version__)')
    echo "$version"
    [[ $(realpath "$(head -1 <<<"$version")") == "$(realpath "$so")" ]] || fail "Python loaded another libkyso"
    [[ $(tail -1 <<<"$version") == "$(dpkg-deb -f "$deb" Version)" ]] || fail "package version is not the library's"
    ls -l "$deb"
    ;;
*) fail "unknown mode $mode" ;;
esac
echo "packaging.$mode ok"
