package dev.portcullis.upstream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import dev.portcullis.config.InvalidPropertyException;
import dev.portcullis.forwarding.Cidr;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where clients are, for the {@code ClientRegion} route predicate. The regions sit under
 * {@code named} because one map cannot share a level with the scalar {@code header}.
 *
 * @param header a request header set by a trusted edge proxy or CDN that names the
 * client's country, such as {@code CloudFront-Viewer-Country}; believed only when the
 * connection comes from a {@code portcullis.forwarding.trusted-proxies} address
 * @param named the regions by name, each with the client address blocks and the header
 * values (countries) that place a client in it
 */
@ConfigurationProperties("portcullis.regions")
public record RegionsProperties(@Nullable String header, Map<String, Region> named) {

	private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

	public RegionsProperties(@Nullable String header, @Nullable Map<String, Region> named) {
		this.header = (header != null && !header.isBlank()) ? header.trim() : null;
		if (this.header != null && !TOKEN.matcher(this.header).matches()) {
			throw new InvalidPropertyException("portcullis.regions.header",
					"'" + header + "' is not a valid header name");
		}
		Map<String, Region> checked = new LinkedHashMap<>();
		if (named != null) {
			named.forEach((name, region) -> checked.put(name.toLowerCase(Locale.ROOT), check(name, region)));
		}
		this.named = java.util.Collections.unmodifiableMap(checked);
	}

	private Region check(String name, @Nullable Region region) {
		String prefix = "portcullis.regions.named." + name;
		if (region == null || (region.cidrs().isEmpty() && region.countries().isEmpty())) {
			throw new InvalidPropertyException(prefix + ".cidrs", "a region needs cidrs or countries");
		}
		if (!region.countries().isEmpty() && this.header == null) {
			throw new InvalidPropertyException(prefix + ".countries",
					"countries are read from portcullis.regions.header, which is not set");
		}
		region.blocks(prefix);
		return region;
	}

	/**
	 * One region.
	 *
	 * @param cidrs client address blocks (IPv4 or IPv6) in the region
	 * @param countries values of {@code portcullis.regions.header} (country codes, case
	 * ignored) in the region
	 */
	public record Region(List<String> cidrs, List<String> countries) {

		public Region(@Nullable List<String> cidrs, @Nullable List<String> countries) {
			this.cidrs = (cidrs != null) ? List.copyOf(cidrs) : List.of();
			this.countries = (countries != null)
					? countries.stream().map((country) -> country.trim().toUpperCase(Locale.ROOT)).toList() : List.of();
		}

		List<Cidr> blocks(String prefix) {
			List<Cidr> blocks = new ArrayList<>();
			for (int i = 0; i < this.cidrs.size(); i++) {
				try {
					blocks.add(Cidr.parse(this.cidrs.get(i)));
				}
				catch (IllegalArgumentException ex) {
					throw new InvalidPropertyException(prefix + ".cidrs[" + i + "]", ex.getMessage());
				}
			}
			return blocks;
		}

	}

}
