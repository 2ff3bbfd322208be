/**
 * The campaign pipelines of scaling-report, snapshot and top: read a campaign at two moments
 * ({@code CampaignReader}), count and sample between them, and let {@code CampaignAnalyzer} make
 * the one {@code CampaignReport} every command shows ({@code Campaigns}, {@code TopSampler});
 * {@code Snapshot} is that reading kept in one file. Writes no report and no snapshot file: the
 * commands do, through the renderers.
 */
package dev.fuzzprof.service.campaign;
