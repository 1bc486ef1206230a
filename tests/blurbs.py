"""Author blurbs the team wrote for the tests (issue 26): promotional blurbs as a content
farm writes them and as a language model rewrites them (first and third person, formal and
casual, short and long, with and without learner errors), and honest newsroom staff bios
written the same ways. Names, sites and figures are invented."""

# Each promotional blurb claims or offers something: outlets it is not, a boast, years of
# experience, collaborations or sponsored posts, a call to hire or contact.
PROMOTIONAL = [
    # The farm's own voice, with learner errors.
    "hello, i am Rina Solberg and i work journalist in topnewsdaily website, i write for "
    "forbes and the guardian since 6 years. contact me for guest post.",
    "hi guys myself Tariq Venn, i am blogger from last 4 years and i worked with huffington "
    "post and yahoo news. hire me for sponsored posts.",
    "Hey, I'm Lola Brandt, a content writer with 8 years in experience, my articles was on "
    "buzzfeed and business insider. whatsapp me for backlinks.",
    "i am Omar Quist, i work writer in newsportal24, i have experience of 5 years and i "
    "write for cnn and bbc also. email me for any query.",
    # The same, polished, first person.
    "I'm Rina Solberg, an award-winning journalist whose work has appeared in Forbes and "
    "The Guardian. I'm available for collaborations and sponsored content.",
    "Hello! I am Tariq Venn, a seasoned writer with over ten years of experience. My work "
    "has been featured in HuffPost and Yahoo News. Get in touch for partnership inquiries.",
    "My name is Lola Brandt. I am a passionate storyteller and a top-rated content creator; "
    "Business Insider and BuzzFeed have published my pieces. Hire me for your next project.",
    "I am Omar Quist, a professional journalist with more than seven years of experience "
    "writing for CNN, the BBC and Reuters. Reach out through the contact page for "
    "collaborations.",
    "Hi, I'm Mara Ellison. I have written for The Washington Post and Bloomberg, and I bring "
    "readers insightful, reliable reporting on the stories that matter.",
    "I'm Devin Achebe, a bestselling author and internationally acclaimed journalist. For "
    "sponsored posts and brand deals, contact me through this site.",
    # Third person, formal: the polished rewrite issue 26 was filed for.
    "Rina Solberg is an award-winning journalist whose work has appeared in Forbes and The "
    "Guardian. With more than six years of experience covering world affairs, she brings "
    "readers sharp, reliable reporting. For collaborations and sponsored posts, reach her "
    "at the contact page.",
    "Tariq Venn is a renowned writer who has written for HuffPost, Yahoo News and The Independent.",
    "Lola Brandt is a top-rated content writer with eight years of experience. She is "
    "available for freelance assignments.",
    "Omar Quist is a highly respected reporter whose work has been featured in CNN and the "
    "BBC. He welcomes collaborations and sponsored content.",
    "Mara Ellison is one of the most trusted voices in digital news, with bylines in The "
    "Washington Post, Bloomberg and Wired.",
    "Devin Achebe is a seasoned journalist with over a decade of experience. Hire him for "
    "guest posts and sponsored reviews.",
    "Anouk Verhoef is an acclaimed editor and thought leader whose writing has reached "
    "millions of readers through Forbes and Entrepreneur.",
    "Selim Karaca is a professional blogger and SEO expert who has contributed to "
    "TechCrunch and Mashable. Contact him for link building.",
    # Third person, opening with the claim, not the name.
    "With more than five years of experience, Rina Solberg has written for Forbes, The "
    "Washington Post and the BBC.",
    "An award-winning reporter, Tariq Venn delivers compelling stories to readers across the "
    "globe and is open to collaborations.",
    "Featured in Business Insider and HuffPost, Lola Brandt is a passionate writer covering "
    "tech, lifestyle and entertainment.",
    "Known for insightful analysis, Omar Quist has contributed to Reuters, CNN and Bloomberg "
    "over a decade of experience as a journalist.",
    # Casual third person, short.
    "Mara writes for Forbes and BuzzFeed and has 6 years of experience as a blogger.",
    "Devin is a passionate writer. Want to work with him? Get in touch for collaborations.",
    "Anouk is a top blogger with bylines in Yahoo News and HuffPost.",
    "Selim has been featured in Mashable and Wired, and is available for hire as a writer.",
    # Casual third person with learner errors, as a half-done rewrite leaves them.
    "Rina Solberg is a journalist who work in forbes and washington post since 6 years, she "
    "give best news to readers. contact her for sponsored post.",
    "Tariq Venn is experienced writer from last 5 years, he was write for huffington post "
    "and cnn. for collaboration email at the contact page.",
    # Long, formal, mixed persons.
    "About the author: Lola Brandt is a multi-award-winning journalist and digital "
    "strategist. Over the past nine years her work has appeared in The Guardian, Forbes and "
    "Business Insider. She brings readers engaging, reliable content every day and "
    "partners with brands on sponsored content. Business inquiries are welcome through the "
    "contact form.",
    "Omar Quist is a celebrated reporter and best-selling author. He has written for the BBC, "
    "The Independent and Yahoo News, and he accepts paid posts and collaboration requests "
    "from brands who want to reach millions of readers.",
    "I am Mara Ellison, a highly regarded reporter whose work has been featured in "
    "Bloomberg. I offer guest posting and do-follow links at fair rates.",
    "Devin Achebe is a talented writer with 12 years of experience who has written for "
    "Forbes. For advertising opportunities, reach out to him via the contact page.",
]

# Honest staff bios: plain, about the writer's beat at this outlet, with nothing to sell.
HONEST = [
    "Rina Solberg is a reporter for the Harbor Gazette, covering city hall.",
    "Tariq Venn covers courts and public safety for the Gazette.",
    "Lola Brandt is the paper's health reporter.",
    "Omar Quist is a staff writer on the business desk.",
    "Mara Ellison is a correspondent based in Lisbon.",
    "Devin Achebe is an editor on the metro desk.",
    "Anouk Verhoef writes about transport and housing.",
    "Selim Karaca is a reporter covering state politics and the legislature.",
    "Rina Solberg is a reporter on the climate team. She joined the paper in 2019.",
    "Tariq Venn is a data reporter. Before joining the newsroom he covered schools in the valley.",
    "Lola Brandt is a general assignment reporter. Reach her at lbrandt@harborgazette.com.",
    "Omar Quist covers energy and the environment. Follow him on social media for updates "
    "from the statehouse.",
    "Mara Ellison is a photographer and video producer for the paper.",
    "Devin Achebe is the paper's science writer, covering research at the state university.",
    "Anouk Verhoef is a columnist who writes about the region's food and farming.",
    "Selim Karaca is the sports editor.",
    "Rina Solberg covers higher education for the Gazette and has reported on tuition, "
    "campus safety and the state's community colleges.",
    "Tariq Venn is a reporter on the investigations team, where he has covered police "
    "oversight and public contracts.",
    "Lola Brandt is a business reporter. She covers retail, banking and the local labor market.",
    "Omar Quist is a correspondent in the Nairobi bureau, covering East Africa.",
    "Mara Ellison was a politics reporter for the Gazette from 2015 to 2021.",
    "Devin Achebe has been a metro reporter since 2018, covering transit and neighborhood "
    "development.",
    "Anouk Verhoef is a freelance writer who covers arts and culture for the weekend section.",
    "Selim Karaca is an editor on the graphics desk.",
    "Rina Solberg is a reporter. She covers the county board and local elections.",
    "Tariq Venn is the Washington correspondent for the Gazette.",
    "Lola Brandt is an audience editor. She works on the newsletter and the morning briefing.",
    "Omar Quist is a reporter on the health desk, covering hospitals and public health "
    "agencies. He previously covered the courts.",
    "Mara Ellison is a deputy editor for national news.",
    "Devin Achebe writes about technology and privacy for the business section.",
    "Anouk Verhoef is a contributor to the opinion section. She teaches history at a "
    "community college.",
    "Selim Karaca covers agriculture and rural communities for the paper's regional team.",
]
