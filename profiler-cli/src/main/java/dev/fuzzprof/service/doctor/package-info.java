/**
 * {@code fuzzprof doctor}'s service, which {@code fuzzprof launch} also calls before it starts
 * instances: read the box, judge it for the planned campaign, return the report. Changes
 * nothing on the box.
 */
package dev.fuzzprof.service.doctor;
