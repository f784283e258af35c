// Assertions of the test runner: each throws on failure, naming what was expected.
using System;
using System.Collections.Generic;

namespace Kyso.Tests
{
    public class CheckFailed : Exception { public CheckFailed(string message) : base(message) { } }

    public static class Check
    {
        public static void True(bool condition, string what)
        {
            if (!condition) throw new CheckFailed(what);
        }

        public static void Equal<T>(T expected, T actual, string what = "")
        {
            if (!EqualityComparer<T>.Default.Equals(expected, actual))
                throw new CheckFailed(what + " expected <" + expected + "> but was <" + actual + ">");
        }

        public static void Contains(string needle, string haystack, string what = "")
        {
            if (haystack == null || !haystack.Contains(needle))
                throw new CheckFailed(what + " <" + needle + "> not in <" + haystack + ">");
        }

        public static void Bytes(byte[] expected, byte[] actual, string what)
        {
            bool same = expected.Length == actual.Length;
            for (int i = 0; same && i < expected.Length; ++i) same = expected[i] == actual[i];
            if (!same) throw new CheckFailed(what + ": the bytes differ");
        }

        /// <summary>Runs action and returns the exception of exactly type T (or a subclass) it threw.</summary>
        public static T Throws<T>(Action action) where T : Exception
        {
            try {
                action();
            } catch (T e) {
                return e;
            } catch (Exception e) {
                throw new CheckFailed("expected " + typeof(T).Name + " but got " + e);
            }
            throw new CheckFailed("expected " + typeof(T).Name + " but nothing was thrown");
        }
    }
}
